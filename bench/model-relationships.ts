// Exact relationships on real tables: for each vega-datasets table of docs/model.md (and every
// vega CSV table with at least 5 columns and 200 rows), fit the whole table, sample as many rows
// (seed 1), evaluate with default options, and print one Markdown row: quality, validity, how
// many relationships the real table keeps, and the lowest share of synthetic rows keeping one of
// its functional dependencies. vega-datasets is BSD-3-Clause (its data keep their own sources'
// terms); the tables are read from the devDependency, never copied into this repository.
// Not a speed benchmark (bench/run.mjs runs only *.bench.ts): a reproducible measurement.
//   node --import tsx bench/model-relationships.ts [table ...]
//   RELATIONSHIPS_OFF=1 …   the same with no relationship kept (metadata `constraints: [drop: all]`): the fit before them
//   HIERARCHY_OFF=1 …       the same without hierarchical drawing (fit option hierarchy: false)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateTables } from "../src/synth/evaluate/index.js";
import { fitModel, modelGenerator, parseMetadata, readCsvTable } from "../src/synth/model/index.js";
import { vegaCsvPath } from "../src/synth/model/test-support/vega.js";
import { openWriter } from "../src/synth/writers/index.js";

const TABLES = [
  "cars.json",
  "penguins.json",
  "seattle-weather.csv",
  "weather.csv",
  "gapminder-health-income.csv",
  "disasters.csv",
  "airports.csv",
  "birdstrikes.csv",
  "sp500-2000.csv",
  "species.csv",
  "windvectors.csv",
  "zipcodes.csv",
];
const chosen = process.argv.slice(2);
const SEED = Number(process.env["RELATIONSHIPS_SEED"] ?? 1);
const dir = mkdtempSync(join(tmpdir(), "mimic-relationships-"));
const verbose = process.env["RELATIONSHIPS_VERBOSE"] === "1";
const off = process.env["RELATIONSHIPS_OFF"] === "1";
const hierarchy = process.env["HIERARCHY_OFF"] !== "1";

try {
  console.log("| table | rows | cols | relationships (FDs) | FDs kept, lowest share | q | q all pairs | q baseline | validity | fit s |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const file of TABLES.filter((t) => chosen.length === 0 || chosen.some((c) => t.includes(c)))) {
    const real = await readCsvTable(vegaCsvPath(file, dir));
    const t0 = performance.now();
    const { model } = fitModel(
      real,
      off
        ? parseMetadata(
            { constraints: [{ drop: "all" }] },
            real.columns.map((c) => c.name),
          )
        : undefined,
      { hierarchy },
    );
    const fitSeconds = (performance.now() - t0) / 1000;
    const generator = modelGenerator(model, { seed: SEED });
    const out = join(dir, "synth.csv");
    const writer = await openWriter({ format: "csv", shape: generator.shape, out });
    for (let c = 0, done = 0; done < real.rowCount; c++) {
      const length = Math.min(generator.chunkSize, real.rowCount - done);
      await writer.write(generator.generateChunk(c, length));
      done += length;
    }
    await writer.close();
    const e = evaluateTables(real, await readCsvTable(out));
    const q = e.quality;
    const fds = q.relationships.filter((r) => r.type === "determines");
    const lowest = fds.length === 0 ? "–" : `${(Math.min(...fds.map((r) => r.synthetic)) * 100).toFixed(2)}%`;
    const f = (x: number): string => x.toFixed(3);
    console.log(
      `| ${file.replace(/\.(json|csv)$/, "")} | ${real.rowCount.toLocaleString("en-US")} | ${real.columns.length} | ${q.relationships.length} (${fds.length}) | ${lowest} | ${f(q.score)} | ${f(q.scoreAllPairs)} | ${f(e.baseline.quality.score)} | ${f(q.validity)} | ${fitSeconds.toFixed(2)} |`,
    );
    if (verbose)
      for (const r of q.relationships) console.log(`    ${r.relationship}: real ${(r.real * 100).toFixed(2)}%, synthetic ${(r.synthetic * 100).toFixed(2)}%`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
