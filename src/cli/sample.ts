// `mimic sample model.json --rows N --seed S --out synth.csv`: rows from a fitted model.
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { MimicError } from "../errors/index.js";
import type { OutputFormat } from "../synth/batch.js";
import { generate } from "../synth/generate/index.js";
// The resolver module itself, not the model index: sampling then never loads the fitting code
// (about 100 ms of CPU at start-up, half of what loading takes).
import { MODEL_RESOLVER_URL } from "../synth/model/model-source.js";
import { chooseOutputFormat } from "./internal/output-format.js";
import type { Command } from "./command.js";
import { parseCount, parseFlags, refuseCompressedOut, stringFlag } from "./internal/flags.js";
import { progressReporter } from "./internal/progress.js";
import { DEFAULT_SEED, parseSeed } from "./internal/seed.js";
import { groupThousands, wroteRowsLine } from "./internal/summary.js";

/**
 * Rows from which `sample` uses more than one thread unless told otherwise. Measured on 2 cores
 * (docs/benchmarks.md, "mimic sample: one thread or two"): at 1M rows two threads were 1.2–1.35×
 * faster on a quiet machine, 0.89–1.06× the time at load 3, and 2M rows 0.84×; at 100k and 500k
 * rows they were slower in every run (a second thread's ~0.8 s of CPU to start and warm up).
 */
export const PARALLEL_FROM_ROWS = 1_000_000;

/** The thread count `sample` uses unless --workers says otherwise. */
export function defaultSampleWorkers(rows: number, cores: number): number {
  return rows < PARALLEL_FROM_ROWS ? 1 : Math.max(1, Math.min(4, cores));
}

const HELP = `Usage: mimic sample <model.json> --rows <n> [--seed <s>] --out <file|-> [--where "column=value"]

Draws synthetic rows from a model made by \`mimic fit\`: correlated normals through the copula,
mapped through each column's distribution. Values stay in each column's observed range, whole
numbers stay whole, decimals keep their places, identifiers are unique, and the same seed gives
the same file.

Options:
  --rows <n>         rows to write (default 1000; 1k, 1M and 1e6 work)
  --seed <s>         seed (default ${DEFAULT_SEED}); any number or word
  --out <path|->     output file, or - for stdout (required)
  --format <f>       csv, jsonl or parquet (default: from the file name, else csv)
  --workers <n>      worker threads (default: 1 below ${groupThousands(PARALLEL_FROM_ROWS)} rows, else up to 4
                     cores; a thread costs about a second of CPU to start, so extra threads pay
                     off only on long runs and with a free core); the output is the same bytes
                     for any number
  --where <c=v>      only rows with column c equal to v, sampled exactly from the conditional
                     distribution (never by rejection); repeat or comma-separate for several.
                     Works on categorical columns and numbers with few distinct values.
                     A value with a comma: the whole text after = is taken when the column
                     has it ("city=New York, NY"), or put it in double quotes
                     ('city="New York, NY",state=NY'; "" inside quotes is one quote).

Examples:
  mimic sample cars.model.json --rows 100000 --seed 7 --out synth.csv
  mimic sample cars.model.json --rows 500 --where "Origin=Japan" --out japan.parquet
`;

export const command: Command = {
  name: "sample",
  summary: "Draw synthetic rows from a fitted model (CSV, JSONL, Parquet)",
  help: HELP,
  async run(argv, io) {
    const flags = parseFlags(
      argv,
      {
        rows: { type: "string" },
        seed: { type: "string" },
        out: { type: "string" },
        format: { type: "string" },
        where: { type: "string", multiple: true },
        workers: { type: "string" },
      },
      "sample",
    );
    const [modelPath, ...extra] = flags.positionals;
    if (!modelPath)
      throw new MimicError("CLI_MISSING_ARGUMENT", "mimic sample needs the model file, e.g. `mimic sample model.json --rows 1000 --out synth.csv`.");
    if (extra.length > 0) throw new MimicError("CLI_BAD_FLAG", `mimic sample takes one model file, got also ${extra.join(", ")}.`);
    const out = stringFlag(flags, "out");
    if (!out) throw new MimicError("CLI_MISSING_ARGUMENT", "mimic sample needs --out <file> (or --out - for stdout).");
    refuseCompressedOut(out, "sample");
    const rows = parseCount("--rows", stringFlag(flags, "rows"), 1000, 0, 1e10);
    const seed = parseSeed(stringFlag(flags, "seed"));
    const format: OutputFormat = chooseOutputFormat(out, stringFlag(flags, "format"), ["csv", "jsonl", "parquet"]);
    const where = (flags.values["where"] as string[] | undefined) ?? [];
    const workers = parseCount("--workers", stringFlag(flags, "workers"), defaultSampleWorkers(rows, availableParallelism()), 1, 64);
    const source = { kind: "model" as const, path: resolve(io.cwd, modelPath), where };
    // The same pipeline as `mimic generate`: worker threads start while the model is compiled
    // here (a bad model or condition fails before any file exists), writing overlaps making the
    // next chunk, and an interrupted run leaves nothing behind.
    const progress = progressReporter(io.stderr, rows);
    const started = performance.now();
    try {
      const result = await generate({
        source,
        seed,
        rows,
        format,
        workers,
        out: out === "-" ? io.stdout : resolve(io.cwd, out),
        resolverUrl: MODEL_RESOLVER_URL,
        signal: io.signal,
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.done();
      // As generate: a reader that went away (`| head`) ends the run quietly, with no claim.
      if (result.complete) io.stderr.write(wroteRowsLine(result.rows, `the model ${modelPath}`, out, format, (performance.now() - started) / 1000));
    } finally {
      progress.done();
    }
    return 0;
  },
};
