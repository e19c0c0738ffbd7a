// Makes the CLI entry executable after tsc (tsc does not keep the mode bit).
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { parse } from "yaml";
if (existsSync("dist/main.js")) chmodSync("dist/main.js", 0o755);

// tsc copies no data: the locales' word lists (shared by the column kinds and the datasets) and the
// built-in datasets' schemas and data tables go next to their modules.
cpSync("src/synth/locales", "dist/synth/locales", { recursive: true, filter: (src) => !src.endsWith(".ts") });
const datasets = "src/synth/datasets";
for (const entry of readdirSync(datasets, { withFileTypes: true })) {
  // A dataset folder holds <name>.yaml; skip internal/, test-support/, __snapshots__/.
  const yamlFile = `${datasets}/${entry.name}/${entry.name}.yaml`;
  if (!entry.isDirectory() || !existsSync(yamlFile)) continue;
  const target = `dist/synth/datasets/${entry.name}`;
  cpSync(`${datasets}/${entry.name}`, target, { recursive: true, filter: (src) => !src.endsWith(".ts") });
  // The same schema as JSON, which dataset-schema.ts reads instead of the YAML when it is there: it
  // spares every run (and every worker thread) the YAML parser's load and parse.
  const schema = parse(readFileSync(yamlFile, "utf8"));
  writeFileSync(`${target}/${entry.name}.json`, JSON.stringify(schema));
  // Each data table's cells as JSON text next to its copy (<file>.csv.json), which
  // dataset-schema.ts reads instead of parsing the CSV: csv-parse, cold in each thread, took ~0.4 s
  // of every coffee-shop run. The same options as its readCsvTable; the cells are typed there.
  for (const source of Object.values(schema.data ?? {})) {
    if (typeof source?.file !== "string") continue;
    const csv = join(target, source.file);
    const cells = parseCsv(readFileSync(join(dirname(yamlFile), source.file), "utf8"), { comment: "#", comment_no_infix: true, skip_empty_lines: true });
    writeFileSync(`${csv}.json`, JSON.stringify(cells));
  }
}
