import { writeFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { DETECT_KINDS, detectSeries, scoreEvents, type DetectedEvent, type SeriesVerdict, type TruthFault } from "../analytics/detect/index.js";
import { MimicError, type Issue } from "../errors/index.js";
import { FAULT_KINDS, parseSensorKind } from "../sensors/index.js";
import type { Command } from "./command.js";
import { readStore, selectionFromFlags, type Selection } from "./internal/analyze-input.js";
import { checkOrder, readDetectCsv, type DetectInput } from "./internal/detect-input.js";
import { faultsFromLabels, readFaultsFile } from "./internal/detect-labels.js";
import { eventRow, formatEvents, formatScorecard, formatSummary } from "./internal/detect-output.js";
import { listFlag, parseFlags, stringFlag } from "./internal/flags.js";

const HELP = `Usage: mimic detect --in <file.csv> [--in …] [options]
       mimic detect [--data-dir <dir> | --store postgres://…] [options]

Finds sensor faults in readings: spikes, stuck sensors, drift, dropouts, clock jumps and
impossible values of periodic DHT22s; long silences and bursts of PIR and light sensors; network
outages and drifting clocks when the input has arrival times. The detectors see only what a
server has (device, sensor, device time, values, arrival), never labels. docs/detect.md explains
each one and its defaults, and the scored evaluation.

Input (one of):
  --in <file>        a CSV from \`mimic generate iot\` or \`mimic query --format csv\` (repeatable),
                     in the order the readings were taken or arrived
  --data-dir <dir>   the store of \`mimic serve\` (default ./mimic-data; env MIMIC_DATA_DIR);
                     read in device-time order, without reading ids
  --store <url>      postgres://… (env MIMIC_STORE)

Selection:
  --device <id>      one device, or several (repeat, or comma-separated); default: all
  --type <kind>      DHT22, PIR or LIGHT
  --from <time>      start, inclusive: ISO 8601 or epoch seconds
  --to <time>        end, exclusive

Output:
  --out <file>       write the events there: .jsonl (JSON lines) or .csv, each
                     {device, sensor, kind, start, end, score, evidence, first_reading_id, last_reading_id}
  --score <labels>   print the scorecard against labelled faults: a faults file of
                     \`mimic simulate --faults-out\` (JSON lines), or "column" for the input's fault
                     column (\`mimic generate iot\`; dropouts have no readings there, so no dropout score)
  --json             print the summary (and scorecard) as JSON instead of text

The summary per device and kind goes to stdout; a device with fewer than 64 readings is reported
as too few to judge. Nothing is written when the input or a flag is wrong (exit 2).

Examples:
  mimic generate iot --devices 20 --mix dht22 --days 28 --faults 3 --seed 1 --out fleet.csv
  mimic detect --in fleet.csv --out events.jsonl --score column
  mimic detect --data-dir ./mimic-data --type DHT22 --from 2019-05-12T00:00:00Z --out events.csv
`;

function outFormat(out: string): "jsonl" | "csv" {
  const ext = extname(out).toLowerCase();
  if (ext === ".jsonl" || ext === ".ndjson") return "jsonl";
  if (ext === ".csv") return "csv";
  throw new MimicError("CLI_BAD_FLAG", `--out must end in .jsonl or .csv (mimic does not write ${ext || "extension-less"} event files), got "${out}".`);
}

/** Keeps the selected readings; throws when nothing of the selection is there. */
function select(inputs: DetectInput[], sel: Selection, source: string): DetectInput[] {
  if (inputs.length === 0) throw new MimicError("ANALYZE_NO_READINGS", `${source} holds no readings; check it with \`mimic query\`.`);
  const known = [...new Set(inputs.map((x) => x.series.device))].sort();
  const unknown = sel.devices.filter((d) => !known.includes(d));
  if (unknown.length > 0)
    throw new MimicError(
      "ANALYZE_UNKNOWN_DEVICE",
      `No readings of device ${unknown.map((d) => `"${d}"`).join(", ")} in ${source}; it holds ${known.slice(0, 12).join(", ")}${known.length > 12 ? ", …" : ""}.`,
    );
  let chosen = inputs.filter(
    (x) => (sel.devices.length === 0 || sel.devices.includes(x.series.device)) && (sel.kind === undefined || x.series.sensor === sel.kind),
  );
  if (sel.from !== undefined || sel.to !== undefined)
    chosen = chosen.map((x) => narrow(x, sel.from ?? -Infinity, sel.to ?? Infinity)).filter((x) => x.series.times.length > 0);
  if (chosen.length === 0)
    throw new MimicError(
      "ANALYZE_NO_READINGS",
      `No readings of the selection${sel.from !== undefined || sel.to !== undefined ? " in the range asked" : ""} in ${source}; widen --from/--to or check --device and --type.`,
    );
  return chosen.sort((a, b) => (a.series.device < b.series.device ? -1 : a.series.device > b.series.device ? 1 : a.series.sensor < b.series.sensor ? -1 : 1));
}

function narrow(x: DetectInput, from: number, to: number): DetectInput {
  const keep: number[] = [];
  x.series.times.forEach((t, i) => void (t >= from && t < to && keep.push(i)));
  const pick = (a: Float64Array): Float64Array => Float64Array.from(keep, (i) => a[i]!);
  const s = x.series;
  const times = pick(s.times);
  return {
    series: {
      ...s,
      times,
      ...(s.temperature ? { temperature: pick(s.temperature) } : {}),
      ...(s.humidity ? { humidity: pick(s.humidity) } : {}),
      ...(s.arrival ? { arrival: pick(s.arrival) } : {}),
    },
    ids: keep.map((i) => x.ids[i]),
    truth: { ...x.truth, truth: pick(x.truth.truth), stamps: times, ...(x.truth.labels ? { labels: keep.map((i) => x.truth.labels![i]!) } : {}) },
    labelled: x.labelled,
  };
}

async function readFromStore(flags: ReturnType<typeof parseFlags>, sel: Selection, io: Parameters<Command["run"]>[1]): Promise<DetectInput[]> {
  const { openStoreFor, resolveStoreLocation, throwIfIssues } = await import("../server/index.js");
  const issues: Issue[] = [];
  const location = resolveStoreLocation({ "data-dir": stringFlag(flags, "data-dir"), store: stringFlag(flags, "store") }, io.env, io.cwd, issues);
  throwIfIssues(issues, "detect");
  const store = await openStoreFor(location, "existing");
  try {
    const groups = await readStore(store, sel, Date.now() / 1000);
    return [...groups.values()].map((g) => {
      const times = g.times.slice(0, g.length);
      const series = {
        device: g.device,
        sensor: g.kind,
        times,
        ...(g.kind === "DHT22" ? { temperature: g.fields.temperature.slice(0, g.length), humidity: g.fields.humidity.slice(0, g.length) } : {}),
      };
      return { series, ids: [], truth: { device: g.device, truth: Float64Array.from(times, (t) => t * 1000), stamps: times }, labelled: false };
    });
  } finally {
    await store.close();
  }
}

/** `mimic detect`: fault detection over files or the store, scored when labels are given. */
export const detectCommand: Command = {
  name: "detect",
  summary: "Find sensor faults (spike, stuck, drift, dropout, clock) in readings; score them against labels",
  help: HELP,
  async run(argv, io) {
    const flags = parseFlags(
      argv,
      {
        ...Object.fromEntries(["data-dir", "store", "type", "from", "to", "out", "score"].map((n) => [n, { type: "string" as const }])),
        in: { type: "string", multiple: true },
        device: { type: "string", multiple: true },
        json: { type: "boolean" },
      },
      "detect",
    );
    if (flags.positionals.length > 0) throw new MimicError("CLI_BAD_FLAG", `Unexpected argument "${flags.positionals[0]}"; give files with --in <file>.`);
    const files = listFlag(flags.values["in"]);
    if (files.length > 0 && (stringFlag(flags, "data-dir") !== undefined || stringFlag(flags, "store") !== undefined))
      throw new MimicError("CLI_BAD_FLAG", "Give either --in files or a store (--data-dir / --store), not both.");
    const typeText = stringFlag(flags, "type");
    const kind = typeText === undefined ? undefined : parseSensorKind(typeText);
    if (typeText !== undefined && kind === undefined)
      throw new MimicError("CLI_BAD_FLAG", `--type must be DHT22, PIR or LIGHT (or the seed's labels), got "${typeText}".`);
    const sel = selectionFromFlags(flags, kind);
    const out = stringFlag(flags, "out");
    const format = out === undefined ? undefined : outFormat(out);
    const score = stringFlag(flags, "score");
    if (score === "column" && files.length === 0)
      throw new MimicError("CLI_BAD_FLAG", "--score column reads the fault column of --in files; the store has no labels: give a faults file instead.");

    const source = files.length > 0 ? files.join(", ") : "the store";
    const inputs = select(files.length > 0 ? await readDetectCsv(files, io.cwd) : await readFromStore(flags, sel, io), sel, source);
    checkOrder(inputs, source);
    let faults: TruthFault[] | undefined;
    if (score === "column") {
      if (!inputs.some((x) => x.labelled))
        throw new MimicError("DETECT_BAD_LABELS", `${source} has no fault column; give --score a faults file of \`mimic simulate --faults-out\`.`);
      faults = faultsFromLabels(inputs);
    } else if (score !== undefined) faults = readFaultsFile(score, io.cwd, inputs);

    const verdicts: SeriesVerdict[] = inputs.map((x) => detectSeries(x.series));
    const events: DetectedEvent[] = verdicts.flatMap((v) => v.events);
    // The fault column cannot hold a dropout (it has no readings): its events are left out of that score.
    const scored = score === "column" ? events.filter((e) => e.kind !== "dropout") : events;
    const kinds = [...FAULT_KINDS, "range", "burst"].filter((k) => score !== "column" || k !== "dropout");
    const card =
      faults === undefined
        ? undefined
        : scoreEvents(
            inputs.map((x) => x.truth),
            faults,
            scored,
            kinds,
          );

    if (out !== undefined && format !== undefined) {
      const rows = verdicts.flatMap((v, i) => v.events.map((e) => eventRow(e, inputs[i]!)));
      try {
        writeFileSync(resolve(io.cwd, out), formatEvents(rows, format));
      } catch (cause) {
        throw new MimicError("IO_UNWRITABLE", `Cannot write ${out}; check the folder exists and is writable.`, { cause });
      }
    }
    if (flags.values["json"] === true) {
      const devices = verdicts.map((v) => ({
        device: v.device,
        sensor: v.sensor,
        readings: v.readings,
        judged: v.judged,
        events: Object.fromEntries(DETECT_KINDS.map((k): [string, number] => [k, v.events.filter((e) => e.kind === k).length]).filter(([, n]) => n > 0)),
      }));
      io.stdout.write(
        JSON.stringify({ devices, ...(card ? { scorecard: card } : {}) }, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 1) +
          "\n",
      );
    } else {
      io.stdout.write(formatSummary(verdicts, DETECT_KINDS));
      if (card) io.stdout.write("\n" + formatScorecard(card, score === "column" ? `${source}'s fault column` : score!));
      if (card && score === "column")
        io.stdout.write("dropouts are not scored: the fault column has no reading to label them with; score with a faults file.\n");
    }
    const n = inputs.reduce((s, x) => s + x.series.times.length, 0);
    const unjudged = verdicts.filter((v) => !v.judged).length;
    io.stderr.write(
      `mimic: ${events.length.toLocaleString("en-US")} events in ${n.toLocaleString("en-US")} readings of ${inputs.length} device-sensor series${unjudged > 0 ? ` (${unjudged} too short to judge)` : ""}${out !== undefined ? `; events in ${out}` : ""}\n`,
    );
    return 0;
  },
};

export default detectCommand;
