import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { MimicError, type Issue } from "../errors/index.js";
import { openStoreFor, resolveStoreLocation, throwIfIssues } from "../server/index.js";
import { parseReadingQuery, readingsToCsv, readingsToJson, runReadingQuery } from "../telemetry/query/index.js";
import type { Command } from "./command.js";
import { parseFlags, stringFlag, timeOrAgo } from "./internal/flags.js";

const HELP = `Usage: mimic query --from <time> [--to <time>] [--device <id>] [--sensor DHT22|PIR|LIGHT]
                   [--bucket <seconds>] [--format json|csv] [--out <file>]

Reads readings straight from the store (the same --data-dir / --store as \`mimic serve\`; works
while it runs), with the same parameters and bounds as GET /v1/readings.

Options:
  --from <time>      start, inclusive: ISO 8601 (2019-05-09T00:00:00Z), epoch seconds, or a
                     duration ago (90s, 15m, 1h, 7d) (required)
  --to <time>        end, exclusive, in the same forms (default: now)
  --device <id>      one device
  --sensor <kind>    one sensor of the device(s): DHT22, PIR or LIGHT (seed labels such as
                     Onyehn_PIR work too)
  --type <kind>      the same filter under its older name
  --bucket <s>       downsample into buckets of this many seconds (mean/min/max)
  --limit <n>        most rows (default and maximum 100000)
  --format <f>       json (default) or csv
  --out <file>       write there instead of stdout (nothing is written on error)
  --data-dir <dir>   data directory (default ./mimic-data; env MIMIC_DATA_DIR); it must hold a
                     store (\`mimic serve --data-dir <dir>\` creates one), nothing is created here
  --store <url>      postgres://… for PostgreSQL (env MIMIC_STORE)

Ranges: at most 31 days without --bucket, 366 days with it.

Examples:
  mimic query --device rp829c7e0e --type DHT22 --from 2019-05-09T00:00:00Z --to 2019-05-12T00:00:00Z --format csv
  mimic query --type DHT22 --from 1557360000 --bucket 3600
  mimic query --device rp829c7e0e --from 1h --format csv
`;

/** `mimic query`: the query API from the command line, reading the store directly. */
export const queryCommand: Command = {
  name: "query",
  summary: "Query stored readings by device, type and time range (JSON or CSV)",
  help: HELP,
  async run(argv, io) {
    const names = ["from", "to", "device", "sensor", "type", "bucket", "limit", "format", "out", "data-dir", "store"] as const;
    const flags = parseFlags(argv, Object.fromEntries(names.map((n) => [n, { type: "string" as const }])), "query");
    if (flags.positionals.length > 0) throw new MimicError("CLI_BAD_FLAG", `Unexpected argument "${flags.positionals[0]}"; mimic query takes only flags.`);
    const now = Date.now();
    const params = Object.fromEntries(["from", "to", "device", "sensor", "type", "bucket", "limit", "format"].map((n) => [n, stringFlag(flags, n)]));
    params["from"] = timeOrAgo(params["from"], now);
    params["to"] = timeOrAgo(params["to"], now);
    const parsed = parseReadingQuery(params, now, undefined, "cli");
    const issues: Issue[] = [];
    const location = resolveStoreLocation({ "data-dir": stringFlag(flags, "data-dir"), store: stringFlag(flags, "store") }, io.env, io.cwd, issues);
    throwIfIssues(issues, "query");
    // Reading never creates a store: a mistyped --data-dir is STORE_NOT_FOUND, not an empty answer.
    const store = await openStoreFor(location, "existing");
    let text: string;
    let count: string;
    try {
      const answer = await runReadingQuery(store, parsed);
      text = parsed.format === "csv" ? readingsToCsv(answer) : readingsToJson(answer) + "\n";
      const n = answer.rows.length;
      count = `${n.toLocaleString("en-US")} ${answer.bucketed ? (n === 1 ? "bucket" : "buckets") : n === 1 ? "reading" : "readings"}`;
    } finally {
      await store.close();
    }
    const out = stringFlag(flags, "out");
    if (out === undefined || out === "-") io.stdout.write(text);
    else {
      try {
        writeFileSync(resolve(io.cwd, out), text);
      } catch (cause) {
        throw new MimicError("IO_UNWRITABLE", `Cannot write ${out}; check the folder exists and is writable.`, { cause });
      }
    }
    // Only once the answer is out: a failed --out must not look like a success first.
    io.stderr.write(`mimic: ${count}\n`);
    return 0;
  },
};

export default queryCommand;
