// The quality / privacy trade-off of `mimic fit --privacy <level>` on the six vega-datasets tables
// of docs/model.md: for each table and level, fit (whole table), sample as many rows as the table
// (seed 1; PRIVACY_CURVE_SEED for another, PRIVACY_CURVE_LEVELS to choose levels), evaluate
// with default options, and print one Markdown row. Not a speed benchmark
// (bench/run.mjs runs only *.bench.ts): a reproducible measurement for docs/model.md.
//   node --import tsx bench/model-privacy-curve.ts [table ...]   (PRIVACY_CURVE_SEED=2 for another seed)
// Everything is seeded: the output is the same on every run.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateTables } from "../src/synth/evaluate/index.js";
import { applyPrivacy, fitModel, modelGenerator, privacySettings, readCsvTable } from "../src/synth/model/index.js";
import { vegaCsvPath } from "../src/synth/model/test-support/vega.js";
import { openWriter } from "../src/synth/writers/index.js";

const TABLES = ["cars.json", "penguins.json", "seattle-weather.csv", "weather.csv", "gapminder-health-income.csv", "disasters.csv"];
const chosen = process.argv.slice(2);
// The named levels, with 0.6 and 0.7 between medium (0.5) and high (0.75) where targets flip.
const LEVELS = (process.env["PRIVACY_CURVE_LEVELS"] ?? "off,low,medium,0.6,0.7,high,max").split(",");
const SEED = Number(process.env["PRIVACY_CURVE_SEED"] ?? 1);
const dir = mkdtempSync(join(tmpdir(), "mimic-privacy-curve-"));

try {
  console.log(
    "| table | privacy | q | q all pairs | q baseline | shapes | pair trends | validity | DCR | DCR baseline | exact copies (baseline) | both targets |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const file of TABLES.filter((t) => chosen.length === 0 || chosen.some((c) => t.includes(c)))) {
    const real = await readCsvTable(vegaCsvPath(file, dir));
    const { model } = fitModel(real);
    for (const level of LEVELS) {
      const m = applyPrivacy(model, privacySettings(level));
      const generator = modelGenerator(m, { seed: SEED });
      const out = join(dir, `synth-${level}.csv`);
      const writer = await openWriter({ format: "csv", shape: generator.shape, out });
      for (let c = 0, done = 0; done < real.rowCount; c++) {
        const length = Math.min(generator.chunkSize, real.rowCount - done);
        await writer.write(generator.generateChunk(c, length));
        done += length;
      }
      await writer.close();
      const e = evaluateTables(real, await readCsvTable(out));
      const q = e.quality;
      const dcr = e.privacy.dcrBaselineProtection;
      const met = q.score >= 0.85 && dcr >= 0.5 && e.privacy.exactCopies === 0;
      const f = (x: number): string => x.toFixed(3);
      const b = e.baseline;
      console.log(
        `| ${file.replace(/\.(json|csv)$/, "")} | ${level} | ${f(q.score)} | ${f(q.scoreAllPairs)} | ${f(b.quality.score)} | ${f(q.columnShapes)} | ${f(q.columnPairTrends)} | ${f(q.validity)} | ${f(dcr)} | ${f(b.privacy.dcrBaselineProtection)} | ${e.privacy.exactCopies} (${b.privacy.exactCopies}) | ${met ? "**yes**" : "no"} |`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
