import { resolve } from "node:path";
import type { OutputFormat } from "../synth/batch.js";
import type { DatabaseSource, TableSource } from "../synth/datasets/dataset.js";
// The catalog, not the datasets: only the dataset that runs is loaded (by the resolver).
import { DATASET_CATALOG } from "../synth/datasets/catalog.js";
import { generate } from "../synth/generate/index.js";
import { chooseOutputFormat } from "./internal/output-format.js";
import { MimicError } from "../errors/index.js";
import type { CliIo, Command } from "./command.js";
import { parseChoice, parseCount, parseFlags, refuseCompressedOut, stringFlag } from "./internal/flags.js";
import { isMultiTable, parseShard, runTables, type TablesRun } from "./internal/generate-tables.js";
import { progressReporter } from "./internal/progress.js";
import { DEFAULT_SEED, parseSeed } from "./internal/seed.js";
import { wroteRowsLine } from "./internal/summary.js";

const DEFAULT_ROWS = 1000;
const MAX_WORKERS = 64;
const FORMATS = ["csv", "jsonl", "parquet"] as const satisfies readonly OutputFormat[];

/** Flags every run accepts; each dataset adds its own options as further string flags. */
const BASE_FLAGS = {
  rows: { type: "string", short: "n" },
  seed: { type: "string", short: "s" },
  out: { type: "string", short: "o" },
  format: { type: "string", short: "f" },
  workers: { type: "string", short: "w" },
  schema: { type: "string" },
  table: { type: "string" },
  to: { type: "string" },
  replace: { type: "boolean" },
  shard: { type: "string" },
  dialect: { type: "string" },
} as const;

function datasetOptionFlags(): Record<string, { type: "string" }> {
  const flags: Record<string, { type: "string" }> = {};
  for (const d of DATASET_CATALOG) for (const o of d.options) flags[o.name] = { type: "string" };
  return flags;
}

function help(): string {
  const datasets = DATASET_CATALOG;
  const lines = [
    "Usage: mimic generate <dataset> [options]",
    "       mimic generate --schema FILE [--table NAME] [options]",
    "",
    "Generates rows of a built-in dataset or of your own schema (YAML or JSON) as CSV, JSON Lines or",
    "Parquet. The same --seed gives byte-identical output on every run and for any --workers.",
    "",
    "Options:",
    `  -n, --rows N        rows to generate (default: the dataset's own count, e.g. iot's --days; else ${DEFAULT_ROWS}; accepts 1e6, 10k, 2M)`,
    `  -s, --seed S        seed, a number or a word (default ${DEFAULT_SEED}, so runs are reproducible)`,
    "  -o, --out FILE|-    output file, or - for stdout (default: stdout). A file is written under a",
    "                      temporary name and appears only when complete",
    "  -f, --format F      csv | jsonl | parquet (default: from the --out extension, else csv)",
    `  -w, --workers K     worker threads, 1 to ${MAX_WORKERS} (default 1); same output for any K.`,
    "                      Each thread costs about a second of CPU to start and warm up: worth it",
    "                      for runs of several million rows, not for a million.",
    "      --schema FILE   generate from a schema file instead of a built-in dataset",
    "      --table NAME    one table of the schema; without it, a schema with several tables is",
    "                      generated whole: one file per table in the --out folder",
    "      --to URL        load every table into a database instead: postgres://user@host/db",
    "                      (add ?schema=NAME for a PostgreSQL schema) or sqlite:FILE. Tables get",
    "                      primary and foreign keys; a failed load leaves nothing behind",
    "      --replace       with --to: drop and recreate tables that already exist (else refused)",
    "  -f sql              with a schema of several tables: write a SQL script (--dialect",
    "                      postgres | sqlite, default postgres) to --out FILE or stdout",
    "      --shard K/N     write only shard K of N (for N machines or jobs): CSV parts after the",
    "                      first have no header, so concatenating them gives the single run",
    "  (the same flags apply to a built-in dataset of several tables: coffee-shop)",
    "",
    "CSV is RFC 4180: a header row, strings and dates double-quoted, numbers bare (what Python's",
    "csv.QUOTE_NONNUMERIC and pandas read). Progress is shown on stderr when it is a terminal and",
    "the run takes more than a second; a one-line summary is printed on stderr at the end.",
    "",
    "Datasets:",
  ];
  for (const d of datasets) {
    lines.push(`  ${d.name}`, ...wrap(d.summary, "      "));
    for (const o of d.options) lines.push(`      --${o.name} VALUE`, ...wrap(o.description, "          "), `          default: ${o.default}`);
  }
  lines.push(
    "",
    "Examples:",
    "  mimic generate coffee-sales --rows 1000000 --seed 42 --out coffee-sales.csv",
    "  mimic generate coffee-sales --rows 10M --workers 2 --start-date 2023-01-01 --end-date 2023-12-31 --out sales.parquet",
    "  mimic generate addresses --rows 10000 --format jsonl --out -",
    "  mimic generate demographics --rows 100k --out people.csv",
    "  mimic generate --schema my-tables.yaml --table orders --rows 50000 --out orders.csv",
    "  mimic generate --schema docs/examples/shop.yaml --out shop/",
    "  mimic generate --schema docs/examples/shop.yaml --to sqlite:shop.db",
    "  mimic generate coffee-shop --customers 100000 --shard 2/3 --out coffee-shop/   # machine 2 of 3",
    "  mimic generate coffee-shop --customers 10000 --out coffee-shop/",
    "  mimic generate coffee-shop --to sqlite:coffee-shop.db",
    "",
  );
  return lines.join("\n");
}

/** Wraps text at 100 columns with an indent. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(/\s+/)) {
    if (line.length + word.length + 1 > 100 && line.trim() !== "") {
      lines.push(line);
      line = indent;
    }
    line += (line.trim() === "" ? "" : " ") + word;
  }
  lines.push(line);
  return lines;
}

function chooseSource(positionals: readonly string[], values: Record<string, unknown>, flags: ReturnType<typeof parseFlags>): TableSource {
  const schema = stringFlag(flags, "schema");
  const table = stringFlag(flags, "table");
  const given = DATASET_CATALOG.flatMap((d) => d.options.map((o) => o.name)).filter((name) => values[name] !== undefined);
  if (positionals.length > 1) {
    throw new MimicError("CLI_BAD_FLAG", `Expected one dataset, got ${positionals.map((p) => `"${p}"`).join(" ")}; run \`mimic generate --help\`.`);
  }
  if (schema !== undefined) {
    if (positionals.length > 0) throw new MimicError("CLI_BAD_FLAG", `Give either a dataset ("${positionals[0]}") or --schema, not both.`);
    if (given.length > 0) throw new MimicError("CLI_BAD_FLAG", `--${given[0]} is a dataset option; with --schema, set values in the schema file instead.`);
    return table === undefined ? { kind: "schema", path: schema } : { kind: "schema", path: schema, table };
  }
  if (table !== undefined) throw new MimicError("CLI_BAD_FLAG", "--table only applies with --schema FILE.");
  const name = positionals[0];
  if (name === undefined) {
    throw new MimicError(
      "CLI_MISSING_ARGUMENT",
      `Name a dataset (${DATASET_CATALOG.map((d) => d.name).join(", ")}) or pass --schema FILE; for example: mimic generate coffee-sales --rows 1000.`,
    );
  }
  const dataset = DATASET_CATALOG.find((d) => d.name === name);
  const options: Record<string, string> = {};
  for (const option of given) {
    if (dataset && !dataset.options.some((o) => o.name === option)) {
      const owner = DATASET_CATALOG.find((d) => d.options.some((o) => o.name === option))!;
      throw new MimicError(
        "CLI_BAD_FLAG",
        `--${option} is an option of ${owner.name}, not of ${name}; run \`mimic generate --help\` for each dataset's options.`,
      );
    }
    options[option] = stringFlag(flags, option)!;
  }
  return { kind: "dataset", name, options };
}

/**
 * The run of a whole database (a schema of several tables, a dataset of several tables such as
 * coffee-shop, or --to / --format sql / --shard), or undefined for one table.
 */
async function wholeSchemaRun(source: TableSource, flags: ReturnType<typeof parseFlags>): Promise<TablesRun | undefined> {
  const to = stringFlag(flags, "to");
  const shard = parseShard(stringFlag(flags, "shard"));
  const out = stringFlag(flags, "out");
  const formatFlag = stringFlag(flags, "format");
  let database: DatabaseSource;
  if (source.kind === "dataset" && DATASET_CATALOG.some((d) => d.name === source.name && d.multiTable === true)) {
    if (stringFlag(flags, "rows") !== undefined)
      throw new MimicError(
        "CLI_BAD_FLAG",
        `--rows applies to one table; ${source.name} has several, sized by its own options (--customers; see mimic generate --help).`,
      );
    database = { kind: "dataset", name: source.name, options: source.options };
  } else {
    if (source.kind !== "schema" || source.table !== undefined) return undefined;
    const whole =
      to !== undefined ||
      shard !== undefined ||
      formatFlag === "sql" ||
      isMultiTable((await import("../synth/schema/index.js")).loadSchemaFile(source.path).schema);
    if (!whole) return undefined;
    if (stringFlag(flags, "rows") !== undefined)
      throw new MimicError("CLI_BAD_FLAG", "--rows applies to one table; with several tables, set rows: on each table without a parent in the schema.");
    database = { kind: "schema", path: source.path };
  }
  const format = parseChoice("--format", formatFlag ?? (out?.toLowerCase().endsWith(".sql") === true ? "sql" : undefined), [...FORMATS, "sql"], "csv");
  const dialect = parseChoice("--dialect", stringFlag(flags, "dialect"), ["postgres", "sqlite"], "postgres");
  if (to !== undefined && formatFlag !== undefined)
    throw new MimicError("CLI_BAD_FLAG", "--to loads the tables into a database; drop --format (or drop --to to write files).");
  const workers = parseCount("--workers", stringFlag(flags, "workers"), 1, 1, MAX_WORKERS);
  return { source: database, seed: parseSeed(stringFlag(flags, "seed")), out, format, to, replace: flags.values.replace === true, dialect, shard, workers };
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(argv, { ...datasetOptionFlags(), ...BASE_FLAGS }, "generate");
  const values = flags.values;
  const source = chooseSource(flags.positionals, values, flags);
  const tablesRun = await wholeSchemaRun(source, flags);
  if (tablesRun !== undefined) return runTables(tablesRun, io);
  for (const flag of ["to", "shard", "dialect"])
    if (stringFlag(flags, flag) !== undefined) throw new MimicError("CLI_BAD_FLAG", `--${flag} applies to a whole schema: --schema FILE without --table.`);
  if (values.replace === true) throw new MimicError("CLI_BAD_FLAG", "--replace applies with --to (loading a schema into a database).");
  // Absent: the table's own count (iot: its --days of readings), else DEFAULT_ROWS.
  const rows = stringFlag(flags, "rows") === undefined ? undefined : parseCount("--rows", stringFlag(flags, "rows"), DEFAULT_ROWS, 0);
  const workers = parseCount("--workers", stringFlag(flags, "workers"), 1, 1, MAX_WORKERS);
  const seed = parseSeed(stringFlag(flags, "seed"));
  const out = stringFlag(flags, "out") ?? "-";
  if (out.trim() === "") throw new MimicError("CLI_BAD_FLAG", "--out must name a file, or - for stdout.");
  refuseCompressedOut(out, "generate");
  const format = chooseOutputFormat(out, stringFlag(flags, "format"), FORMATS);
  if (out === "-" && format === "parquet" && io.stdout.isTTY) {
    throw new MimicError("CLI_BAD_FLAG", "Parquet is binary and stdout is a terminal; add --out FILE.parquet or pipe the output.");
  }

  const progress = progressReporter(io.stderr, rows ?? 0);
  const started = performance.now();
  try {
    const result = await generate({
      source,
      seed,
      ...(rows === undefined ? {} : { rows }),
      format,
      workers,
      out: out === "-" ? io.stdout : resolve(io.cwd, out),
      signal: io.signal,
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.done();
    // The reader went away (`| head`): stop quietly, as Unix tools do. How many rows it read is
    // unknown here (a count of chunks handed to the pipe would mislead), so nothing is claimed.
    if (!result.complete) return 0;
    const seconds = (performance.now() - started) / 1000;
    io.stderr.write(wroteRowsLine(result.rows, source.kind === "dataset" ? source.name : result.table, out, format, seconds));
    return 0;
  } catch (error) {
    progress.done();
    throw error;
  }
}

export const generateCommand: Command = {
  name: "generate",
  summary: "Generate a built-in dataset or your own schema as CSV, JSON Lines or Parquet",
  get help() {
    return help();
  },
  run,
};
