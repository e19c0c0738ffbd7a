import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { localClock, renderAnalysisReport, StreamingAnalysis, summarizeBuckets, type Analysis } from "../analytics/index.js";
import { MimicError, type Issue } from "../errors/index.js";
import { parseSensorKind } from "../sensors/index.js";
import type { Command } from "./command.js";
import { readStoreBuckets, selectionFromFlags, SelectionTarget, streamInputFiles, streamStore } from "./internal/analyze-input.js";
import { formatAnalysisText, formatSummaryText } from "./internal/analyze-text.js";
import { listFlag, parseChoice, parseDurationMs, parseFlags, stringFlag } from "./internal/flags.js";

const HELP = `Usage: mimic analyze --in <file.csv|file.parquet> [--in …] [options]
       mimic analyze [--data-dir <dir> | --store postgres://…] [options]

The seed's notebook analysis in one command: per device and field, pandas' describe() table,
expected vs received readings and gaps, motion events per hour, lit hours per day, rolling means
and standard deviations, the daily profile by local hour, day-over-day change and correlations;
--report adds the figures (four-panel room view, devices overlaid, temperature–humidity scatter,
histograms with the fitted normal) as one self-contained HTML file.

Readings stream through the statistics (files a block at a time, the store a page at a time), so
memory does not grow with their number. Quartiles are exact up to 10,000,000 values per device
and field (any number of readings on a grid such as a DHT22's tenths); beyond, they come from a
KLL sketch with a rank error of at most 1 % of the count, and the output marks them *.

Input (one of):
  --in <file>        a CSV or Parquet file from \`mimic query\` or \`mimic generate iot\` (repeatable)
  --data-dir <dir>   the store of \`mimic serve\` (default ./mimic-data; env MIMIC_DATA_DIR)
  --store <url>      postgres://… (env MIMIC_STORE)

Selection:
  --device <id>      one device, or several (repeat, or comma-separated); default: all
  --type <kind>      DHT22, PIR or LIGHT (the seed's labels too); --sensor is the same filter
  --from <time>      start, inclusive: ISO 8601 or epoch seconds (default: the first reading)
  --to <time>        end, exclusive (default: after the last reading)

Output:
  --units C|F        temperature unit of every output (default C; the seed's notebooks used F)
  --tz <zone>        IANA time zone for hours and days (default UTC), e.g. America/New_York
  --window <n|dur>   rolling window: a number of readings (default 20) or a duration (10m)
  --json             print every number as JSON instead of the text tables
  --out <file>       write the text or JSON there instead of stdout
  --report <file>    also write the HTML report (one file, inline SVG, no script or network)
  --summary          store only: count, mean, std, min, max, hourly and daily means from the
                     store's 15-minute moments, computed in SQL (no reading comes into mimic:
                     for a fleet-year); no quartiles, rolling windows or figures

Nothing is written when the input or a flag is wrong (exit 2, the message says what to fix).

Examples:
  mimic generate iot --devices 3 --days 3 --out readings.csv
  mimic analyze --in readings.csv --units F --tz America/New_York --report analysis.html
  mimic analyze --data-dir ./mimic-data --device rp59adf374 --type DHT22 \\
    --from 2019-05-12T00:00:00Z --to 2019-05-15T00:00:00Z --json
`;

function windowFlag(raw: string | undefined): { count: number } | { seconds: number } {
  if (raw === undefined) return { count: 20 };
  if (/^\d+$/.test(raw.trim())) {
    const count = Number(raw);
    if (count < 1 || count > 1_000_000)
      throw new MimicError("ANALYZE_BAD_OPTION", `--window must be from 1 to 1000000 readings or a duration such as 10m, got "${raw}".`);
    return { count };
  }
  return { seconds: parseDurationMs("--window", raw, 0) / 1000 };
}

/** JSON of the analysis: NaN and infinities become null (JSON has no such numbers). */
function toJson(a: Analysis): string {
  return JSON.stringify(a, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 1) + "\n";
}

/** `mimic analyze`: the seed's notebooks over files or the store. */
export const analyzeCommand: Command = {
  name: "analyze",
  summary: "Describe, profile and chart readings from CSV files or the store (text, JSON, HTML)",
  help: HELP,
  async run(argv, io) {
    const strings = ["data-dir", "store", "type", "sensor", "from", "to", "units", "tz", "window", "out", "report"] as const;
    const flags = parseFlags(
      argv,
      {
        ...Object.fromEntries(strings.map((n) => [n, { type: "string" as const }])),
        in: { type: "string", multiple: true },
        device: { type: "string", multiple: true },
        json: { type: "boolean" },
        summary: { type: "boolean" },
      },
      "analyze",
    );
    if (flags.positionals.length > 0) throw new MimicError("CLI_BAD_FLAG", `Unexpected argument "${flags.positionals[0]}"; give files with --in <file>.`);
    const files = listFlag(flags.values["in"]);
    const typeText = stringFlag(flags, "type") ?? stringFlag(flags, "sensor");
    if (stringFlag(flags, "type") !== undefined && stringFlag(flags, "sensor") !== undefined && stringFlag(flags, "type") !== stringFlag(flags, "sensor")) {
      throw new MimicError("CLI_BAD_FLAG", "--type and --sensor are the same filter; give one of them.");
    }
    const kind = typeText === undefined ? undefined : parseSensorKind(typeText);
    if (typeText !== undefined && kind === undefined)
      throw new MimicError("CLI_BAD_FLAG", `--type must be DHT22, PIR or LIGHT (or the seed's labels), got "${typeText}".`);
    const sel = selectionFromFlags(flags, kind);
    const units = parseChoice("--units", stringFlag(flags, "units")?.toUpperCase(), ["C", "F"] as const, "C");
    const timeZone = stringFlag(flags, "tz") ?? "UTC";
    localClock(timeZone); // an unknown zone fails before any reading is loaded
    const rolling = windowFlag(stringFlag(flags, "window"));
    if (files.length > 0 && (stringFlag(flags, "data-dir") !== undefined || stringFlag(flags, "store") !== undefined)) {
      throw new MimicError("CLI_BAD_FLAG", "Give either --in files or a store (--data-dir / --store), not both.");
    }

    if (flags.values["summary"] === true) {
      if (files.length > 0 || stringFlag(flags, "report") !== undefined || stringFlag(flags, "window") !== undefined) {
        throw new MimicError(
          "CLI_BAD_FLAG",
          "--summary reads the store's moments (--data-dir / --store) and has no figures or rolling windows; drop --in, --report and --window, or drop --summary.",
        );
      }
      const { openStoreFor, resolveStoreLocation, throwIfIssues } = await import("../server/index.js");
      const issues: Issue[] = [];
      const location = resolveStoreLocation({ "data-dir": stringFlag(flags, "data-dir"), store: stringFlag(flags, "store") }, io.env, io.cwd, issues);
      throwIfIssues(issues, "analyze");
      const store = await openStoreFor(location, "existing");
      let buckets;
      try {
        buckets = await readStoreBuckets(store, sel, Date.now() / 1000);
      } finally {
        await store.close();
      }
      const devices = summarizeBuckets(buckets, localClock(timeZone), units === "F");
      const unit = units === "F" ? "°F" : "°C";
      const body =
        flags.values["json"] === true
          ? JSON.stringify(
              { mode: "summary", timeZone, units: { temperature: unit }, quartiles: "not computed: --summary reads only the store's moments", devices },
              (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v),
              1,
            ) + "\n"
          : formatSummaryText(devices, unit, timeZone);
      const out = stringFlag(flags, "out");
      if (out === undefined || out === "-") io.stdout.write(body);
      else {
        try {
          writeFileSync(resolve(io.cwd, out), body);
        } catch (cause) {
          throw new MimicError("IO_UNWRITABLE", `Cannot write ${out}; check the folder exists and is writable.`, { cause });
        }
      }
      io.stderr.write(
        `mimic: summarised ${devices.reduce((n, d) => n + d.count, 0).toLocaleString("en-US")} readings of ${devices.length} device${devices.length === 1 ? "" : "s"} from ${buckets.length.toLocaleString("en-US")} store buckets\n`,
      );
      return 0;
    }

    // Readings stream from the files or the store into the analysis: memory does not grow with them.
    const stream = new StreamingAnalysis({ timeZone, fahrenheit: units === "F", rolling });
    const target = new SelectionTarget(stream, sel);
    if (files.length > 0) {
      await streamInputFiles(files, io.cwd, target);
      target.check(files.join(", "));
    } else {
      // The store's stack loads only when it is used: reading files never pays for it.
      const { openStoreFor, resolveStoreLocation, throwIfIssues } = await import("../server/index.js");
      const issues: Issue[] = [];
      const location = resolveStoreLocation({ "data-dir": stringFlag(flags, "data-dir"), store: stringFlag(flags, "store") }, io.env, io.cwd, issues);
      throwIfIssues(issues, "analyze");
      const store = await openStoreFor(location, "existing");
      try {
        await streamStore(store, sel, Date.now() / 1000, target);
      } finally {
        await store.close();
      }
      target.check("the store");
    }

    const analysis = stream.finish();
    const text = flags.values["json"] === true ? toJson(analysis) : formatAnalysisText(analysis);
    const report = stringFlag(flags, "report");
    const html = report === undefined ? undefined : renderAnalysisReport(analysis);
    const write = (file: string, content: string): void => {
      try {
        writeFileSync(resolve(io.cwd, file), content);
      } catch (cause) {
        throw new MimicError("IO_UNWRITABLE", `Cannot write ${file}; check the folder exists and is writable.`, { cause });
      }
    };
    if (report !== undefined && html !== undefined) write(report, html);
    const out = stringFlag(flags, "out");
    if (out === undefined || out === "-") io.stdout.write(text);
    else write(out, text);
    const n = target.readings;
    const count = analysis.devices.length;
    io.stderr.write(
      `mimic: analysed ${n.toLocaleString("en-US")} readings of ${count} device${count === 1 ? "" : "s"}${report !== undefined ? `; report in ${report}` : ""}\n`,
    );
    return 0;
  },
};

export default analyzeCommand;
