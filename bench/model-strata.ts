// What one copula per category of a column ("strata") would give, before building it: the table's
// training rows are cut by the values of one categorical column, a copula is fitted on each part
// and sampled as many rows as the part has, and the parts together are scored as `evaluate` scores
// any sample — TSTR/TRTR for the target, thresholded quality, DCR overfitting protection — beside
// the one copula of the whole table, on the same five 80/20 splits and sample seeds as
// bench/model-utility-noise.ts. Not a speed benchmark: the measurement behind docs/model.md's
// "One copula per category" (a throwaway fit through the library, no model file is written).
//   node --import tsx bench/model-strata.ts TABLE TARGET [DRAWS=4] [STRATA_COLUMN=TARGET]
//   node --import tsx bench/model-strata.ts penguins.json Island 4 Species
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateTables, sampleTable } from "../src/synth/evaluate/index.js";
import { fitModel, NULL_CODE, readCsvTable, selectRows, splitTable } from "../src/synth/model/index.js";
import { vegaCsvPath } from "../src/synth/model/test-support/vega.js";

const [file, target, drawsArg, strataArg] = process.argv.slice(2);
if (file === undefined || target === undefined) {
  console.error("usage: node --import tsx bench/model-strata.ts TABLE TARGET [DRAWS] [STRATA_COLUMN]");
  process.exit(2);
}
const draws = Number(drawsArg ?? 4);
const strataColumn = strataArg ?? target;
const dir = mkdtempSync(join(tmpdir(), "mimic-strata-"));
const mean = (x: readonly number[]): number => x.reduce((a, b) => a + b, 0) / x.length;
const f = (x: number): string => x.toFixed(2);

try {
  const table = await readCsvTable(vegaCsvPath(file, dir));
  console.log(`${file}: TSTR/TRTR of ${target} (mean of ${draws} draws), quality and DCR overfitting (first draw); strata: ${strataColumn}`);
  console.log("| split | one copula TSTR | strata TSTR | one copula quality | strata quality | one copula DCR | strata DCR |");
  console.log("|---|---|---|---|---|---|---|");
  const totals = { one: [] as number[], strata: [] as number[], qOne: [] as number[], qStrata: [] as number[], dOne: [] as number[], dStrata: [] as number[] };
  for (const seed of [1, 2, 3, 4, 5]) {
    const { fit, holdout } = splitTable(table, Math.round(table.rowCount * 0.2), seed);
    const column = fit.columns.find((c) => c.name === strataColumn);
    if (column?.storage !== "text") throw new Error(`${strataColumn} is not a categorical column of ${file}`);
    const rowsOf = new Map<number, number[]>();
    for (let i = 0; i < fit.rowCount; i++) {
      const code = column.codes[i]!;
      if (code === NULL_CODE) continue;
      rowsOf.set(code, [...(rowsOf.get(code) ?? []), i]);
    }
    const whole = fitModel(fit, undefined, { method: "copula" }).model;
    // A part of one row cannot be fitted; it is left out (none of the measured tables has one).
    const parts = [...rowsOf.values()]
      .filter((r) => r.length >= 2)
      .map((r) => ({ rows: r.length, model: fitModel(selectRows(fit, Uint32Array.from(r)), undefined, { method: "copula" }).model }));
    const one: number[] = [],
      strata: number[] = [];
    for (let k = 0; k < draws; k++) {
      const sampleSeed = seed * 1000 + k;
      const a = await sampleTable(whole, fit.rowCount, sampleSeed, join(dir, "whole.csv"));
      let csv = "";
      for (const [p, part] of parts.entries()) {
        await sampleTable(part.model, part.rows, sampleSeed + p + 1, join(dir, "part.csv"));
        const text = readFileSync(join(dir, "part.csv"), "utf8");
        csv += csv === "" ? text : text.slice(text.indexOf("\n") + 1);
      }
      writeFileSync(join(dir, "strata.csv"), csv);
      const b = await readCsvTable(join(dir, "strata.csv"));
      const ea = evaluateTables(fit, a, holdout, { targets: [target], seed });
      const eb = evaluateTables(fit, b, holdout, { targets: [target], seed });
      one.push(ea.utility![0]!.ratio);
      strata.push(eb.utility![0]!.ratio);
      if (k === 0) {
        totals.qOne.push(ea.quality.score);
        totals.qStrata.push(eb.quality.score);
        totals.dOne.push(ea.privacy.dcrOverfittingProtection ?? Number.NaN);
        totals.dStrata.push(eb.privacy.dcrOverfittingProtection ?? Number.NaN);
      }
    }
    totals.one.push(mean(one));
    totals.strata.push(mean(strata));
    console.log(
      `| ${seed} | ${f(mean(one))} | ${f(mean(strata))} | ${totals.qOne.at(-1)!.toFixed(3)} | ${totals.qStrata.at(-1)!.toFixed(3)} | ${f(totals.dOne.at(-1)!)} | ${f(totals.dStrata.at(-1)!)} |`,
    );
  }
  console.log(
    `| mean | ${f(mean(totals.one))} | ${f(mean(totals.strata))} | ${mean(totals.qOne).toFixed(3)} | ${mean(totals.qStrata).toFixed(3)} | ${f(mean(totals.dOne))} | ${f(mean(totals.dStrata))} |`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
