import { writeFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { MimicError, type Issue } from "../errors/index.js";
import { readingsBatch, writeReadingsExport } from "../http/index.js";
import { openStoreFor, resolveStoreLocation, throwIfIssues } from "../server/index.js";
import type { Writable } from "node:stream";
import { parseReadingQuery, readingsToCsv, readingsToJson, runReadingQuery, STREAMED_QUERY_LIMITS, type QueryAnswer } from "../telemetry/query/index.js";
import type { Command } from "./command.js";
import { parseFlags, stringFlag, timeOrAgo } from "./internal/flags.js";

const HELP = `Usage: mimic query --from <time> [--to <time>] [--device <id>] [--sensor DHT22|PIR|LIGHT]
                   [--bucket <seconds>] [--format json|csv|parquet] [--out <file>]

Reads readings straight from the store (the same --data-dir / --store as \`mimic serve\`; works
while it runs), with the parameters of GET /v1/readings. Readings of any range, however many,
are written a page at a time as they are read (memory stays flat), the same bytes as GET
/v1/export of that range; downsampled buckets keep the bounds of /v1/readings.

Options:
  --from <time>      start, inclusive: ISO 8601 (2019-05-09T00:00:00Z), epoch seconds, or a
                     duration ago (90s, 15m, 1h, 7d) (required)
  --to <time>        end, exclusive, in the same forms (default: now)
  --device <id>      one device
  --sensor <kind>    one sensor of the device(s): DHT22, PIR or LIGHT (seed labels such as
                     Onyehn_PIR work too)
  --type <kind>      the same filter under its older name
  --bucket <s>       downsample into buckets of this many seconds (mean/min/max)
  --limit <n>        the first n readings only (default: all; with --bucket at most 100000 buckets)
  --format <f>       json (default; the count comes after the readings), csv or parquet (typed
                     columns: device, type, timestamp in epoch seconds, one per field;
                     \`mimic analyze --in\` and \`mimic fit\` read it)
  --out <file>       write there instead of stdout (nothing is written on error); without
                     --format, a name ending .csv writes CSV and .parquet/.pq Parquet
  --data-dir <dir>   data directory (default ./mimic-data; env MIMIC_DATA_DIR); it must hold a
                     store (\`mimic serve --data-dir <dir>\` creates one), nothing is created here
  --store <url>      postgres://… for PostgreSQL (env MIMIC_STORE)

Ranges: any length without --bucket; with it at most 366 days and 100000 buckets.

Examples:
  mimic query --device rp829c7e0e --type DHT22 --from 2019-05-09T00:00:00Z --to 2019-05-12T00:00:00Z --format csv
  mimic query --type DHT22 --from 1557360000 --bucket 3600
  mimic query --device rp829c7e0e --from 1h --format csv
  mimic query --from 2019-05-09T00:00:00Z --to 2019-05-12T00:00:00Z --out readings.parquet
`;

type QueryFormat = "json" | "csv" | "parquet";
const FORMAT_OF_EXTENSION: Readonly<Record<string, QueryFormat>> = { ".json": "json", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet" };

/**
 * --format, else what --out's name says (docs/cli.md's rule); a name that says another format than
 * --format is refused rather than written under a name that lies. Other names write JSON, as always.
 */
function queryFormat(flag: string | undefined, out: string | undefined): QueryFormat {
  if (flag !== undefined && flag !== "json" && flag !== "csv" && flag !== "parquet") {
    throw new MimicError("CLI_BAD_FLAG", `--format must be json, csv or parquet, got "${flag}".`);
  }
  const extension = out === undefined || out === "-" ? "" : extname(out).toLowerCase();
  const named = FORMAT_OF_EXTENSION[extension];
  if (flag !== undefined && named !== undefined && named !== flag) {
    throw new MimicError(
      "CLI_BAD_FLAG",
      `--format ${flag} does not match --out ${out}, whose name says ${named}: name the file ${out!.slice(0, out!.length - extension.length)}.${flag}, or drop --format to write ${named}.`,
    );
  }
  return flag ?? named ?? "json";
}

/** `mimic query`: the query API from the command line, reading the store directly. */
export const queryCommand: Command = {
  name: "query",
  summary: "Query stored readings by device, type and time range (JSON, CSV or Parquet)",
  help: HELP,
  async run(argv, io) {
    const names = ["from", "to", "device", "sensor", "type", "bucket", "limit", "format", "out", "data-dir", "store"] as const;
    const flags = parseFlags(argv, Object.fromEntries(names.map((n) => [n, { type: "string" as const }])), "query");
    if (flags.positionals.length > 0) throw new MimicError("CLI_BAD_FLAG", `Unexpected argument "${flags.positionals[0]}"; mimic query takes only flags.`);
    const now = Date.now();
    const out = stringFlag(flags, "out");
    const format = queryFormat(stringFlag(flags, "format"), out);
    const params = Object.fromEntries(["from", "to", "device", "sensor", "type", "bucket", "limit"].map((n) => [n, stringFlag(flags, n)]));
    params["format"] = format === "parquet" ? undefined : format;
    params["from"] = timeOrAgo(params["from"], now);
    params["to"] = timeOrAgo(params["to"], now);
    const parsed = parseReadingQuery(params, now, STREAMED_QUERY_LIMITS, "cli");
    const issues: Issue[] = [];
    const location = resolveStoreLocation({ "data-dir": stringFlag(flags, "data-dir"), store: stringFlag(flags, "store") }, io.env, io.cwd, issues);
    throwIfIssues(issues, "query");
    // Reading never creates a store: a mistyped --data-dir is STORE_NOT_FOUND, not an empty answer.
    const store = await openStoreFor(location, "existing");
    const to = out === undefined || out === "-" ? io.stdout : resolve(io.cwd, out);
    let count: string;
    try {
      if (parsed.query.bucketSeconds === undefined) {
        const { limit, ...range } = parsed.query;
        const { readings } = await writeReadingsExport(store, range, format, to, limit);
        count = `${readings.toLocaleString("en-US")} ${readings === 1 ? "reading" : "readings"}`;
      } else {
        const answer = await runReadingQuery(store, parsed);
        const n = answer.rows.length;
        count = `${n.toLocaleString("en-US")} ${n === 1 ? "bucket" : "buckets"}`;
        if (format === "parquet") await writeParquet(answer, to, out ?? "-");
        else {
          const text = format === "csv" ? readingsToCsv(answer) : readingsToJson(answer) + "\n";
          if (typeof to !== "string") io.stdout.write(text);
          else writeText(to, out!, text);
        }
      }
    } finally {
      await store.close();
    }
    // Only once the answer is out: a failed --out must not look like a success first.
    io.stderr.write(`mimic: ${count}\n`);
    return 0;
  },
};

function writeText(path: string, out: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (cause) {
    throw new MimicError("IO_UNWRITABLE", `Cannot write ${out}; check the folder exists and is writable.`, { cause });
  }
}

/** Buckets as Parquet through synth's writer (typed columns, written under a temporary name and renamed when complete). */
async function writeParquet(answer: QueryAnswer, to: string | Writable, out: string): Promise<void> {
  const { openWriter } = await import("../synth/writers/index.js");
  const { shape, batch } = readingsBatch(answer);
  let writer;
  try {
    writer = await openWriter({ format: "parquet", shape, out: to });
  } catch (cause) {
    if (cause instanceof MimicError) throw cause;
    throw new MimicError("IO_UNWRITABLE", `Cannot write ${out}; check the folder exists and is writable.`, { cause });
  }
  try {
    await writer.write(batch);
    await writer.close();
  } catch (cause) {
    await writer.abort();
    throw cause;
  }
}

export default queryCommand;
