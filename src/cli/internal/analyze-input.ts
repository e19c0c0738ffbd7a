// What `mimic analyze` reads: readings from CSV or Parquet files or from the store, streamed
// (a block, a slice or a page at a time) into a target that keeps the asked devices, type and time
// range for the analysis and remembers what else the input holds, so an empty or unknown
// selection is one clear error, before anything is written.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { MomentBucket, ReadingSink as AnalysisSink, StreamingAnalysis } from "../../analytics/index.js";
import { MimicError } from "../../errors/index.js";
import type { SensorKind } from "../../sensors/index.js";
import type { BucketRow, ReadingRow, TelemetryStore } from "../../telemetry/ports.js";
import { looksLikeParquet } from "../../parquet/index.js";
import { open } from "node:fs/promises";
import {
  columnsTarget,
  parseReadingsCsv,
  ReadingColumns,
  streamReadingsCsvFile,
  type ReadingField,
  type ReadingSink,
  type ReadingTarget,
} from "./readings-csv.js";
import { streamReadingsParquet } from "./readings-parquet.js";
import { forEachStorePage } from "./store-pages.js";
import { listFlag, stringFlag, timeFlag, type ParsedFlags } from "./flags.js";

/**
 * The selection of `analyze`, `detect` and `train`: --device (repeated or comma-separated), --from
 * and --to (the range [from, to); '1h' means an hour ago), and the sensor kind when one was given.
 */
export function selectionFromFlags(flags: ParsedFlags, kind?: SensorKind): Selection {
  const sel: Selection = { devices: listFlag(flags.values["device"]) };
  if (kind !== undefined) sel.kind = kind;
  const from = timeFlag("--from", stringFlag(flags, "from"));
  const to = timeFlag("--to", stringFlag(flags, "to"));
  if (from !== undefined) sel.from = from;
  if (to !== undefined) sel.to = to;
  if (from !== undefined && to !== undefined && !(from < to))
    throw new MimicError(
      "CLI_BAD_FLAG",
      `--from must be earlier than --to (the range is [from, to)), got ${stringFlag(flags, "from")} and ${stringFlag(flags, "to")}.`,
    );
  return sel;
}

export interface Selection {
  devices: readonly string[];
  kind?: SensorKind;
  /** Epoch seconds, [from, to). */
  from?: number;
  to?: number;
}

/** The fields each sensor kind reports. */
export const KIND_FIELDS: Record<SensorKind, readonly ReadingField[]> = { DHT22: ["temperature", "humidity"], PIR: ["motion"], LIGHT: ["light"] };

/** Reads and groups every --in CSV file. */
export function readCsvFiles(files: readonly string[], cwd: string): Map<string, ReadingColumns> {
  const groups = new Map<string, ReadingColumns>();
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(resolve(cwd, file));
    } catch (cause) {
      throw new MimicError("IO_UNREADABLE", `Cannot read ${file}; check the path (a CSV from \`mimic query --format csv\` or \`mimic generate iot\`).`, {
        cause,
      });
    }
    parseReadingsCsv(bytes, file, groups);
  }
  return groups;
}

/** The first four bytes of a file (none if it cannot be opened: the reader then says why). */
async function firstBytes(path: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch {
    return new Uint8Array(0);
  }
  try {
    const head = new Uint8Array(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return head.subarray(0, bytesRead);
  } catch {
    return new Uint8Array(0);
  } finally {
    await handle.close();
  }
}

/** Streams every --in file into the target: CSV or Parquet, told apart by the file's first bytes. */
export async function streamInputFiles(files: readonly string[], cwd: string, target: ReadingTarget): Promise<void> {
  for (const file of files) {
    const path = resolve(cwd, file);
    if (looksLikeParquet(await firstBytes(path))) await streamReadingsParquet(path, file, target);
    else await streamReadingsCsvFile(path, file, target);
  }
}

/** Most buckets one --summary query returns. */
const PAGE_ROWS = 1_000_000;

/** A store row's fields in READING_FIELDS order, NaN where the row's kind has no such field. */
function pushRow(sink: ReadingSink, r: ReadingRow): void {
  const v = (f: ReadingField): number => {
    const x = KIND_FIELDS[r.kind].includes(f) ? r.data[f] : undefined;
    return x === undefined ? Number.NaN : x === true ? 1 : x === false ? 0 : x;
  };
  sink.push(r.timestamp, v("temperature"), v("humidity"), v("motion"), v("light"));
}

/** Streams the selection from the store into the target, a bounded page at a time. */
export async function streamStore(store: TelemetryStore, sel: Selection, nowSeconds: number, target: ReadingTarget): Promise<void> {
  await forEachStorePage(store, sel, nowSeconds, (rows) => {
    for (const r of rows) pushRow(target.sink(r.device, r.kind), r);
  });
}

/** Reads the selection from the store into columns per (device, kind) (for commands that need them whole). */
export async function readStore(store: TelemetryStore, sel: Selection, nowSeconds: number): Promise<Map<string, ReadingColumns>> {
  const groups = new Map<string, ReadingColumns>();
  await streamStore(store, sel, nowSeconds, columnsTarget(groups));
  return groups;
}

/**
 * The target of `mimic analyze`: readings of the asked devices and type inside [from, to) go to
 * the analysis (a series is opened at its first reading in range); every (device, type) of the
 * input is remembered for check()'s messages.
 */
export class SelectionTarget implements ReadingTarget {
  private readonly seen = new Map<string, { device: string; kind: SensorKind; inRange: number; sink: ReadingSink }>();
  /** Readings handed to the analysis. */
  readings = 0;

  constructor(
    private readonly analysis: StreamingAnalysis,
    private readonly sel: Selection,
  ) {}

  sink(device: string, kind: SensorKind): ReadingSink {
    const key = device + "\u0000" + kind;
    const known = this.seen.get(key);
    if (known) return known.sink;
    const sel = this.sel;
    const chosen = (sel.devices.length === 0 || sel.devices.includes(device)) && (sel.kind === undefined || sel.kind === kind);
    let series: AnalysisSink | undefined;
    const entry = {
      device,
      kind,
      inRange: 0,
      sink: {
        push: (time: number, temperature: number, humidity: number, motion: number, light: number): void => {
          if (!chosen || (sel.from !== undefined && time < sel.from) || (sel.to !== undefined && time >= sel.to)) return;
          entry.inRange++;
          this.readings++;
          series ??= this.analysis.series(device, kind, KIND_FIELDS[kind]);
          series.push(time, temperature, humidity, motion, light);
        },
      },
    };
    this.seen.set(key, entry);
    return entry.sink;
  }

  /**
   * Throws ANALYZE_UNKNOWN_DEVICE for a device or type the input does not hold,
   * ANALYZE_NO_READINGS when the selection's range leaves nothing.
   */
  check(source: string): void {
    checkSelectionHeld([...this.seen.values()], this.sel, source);
    if (this.readings === 0) throw new MimicError("ANALYZE_NO_READINGS", `No readings of the selection in the range asked (${source}); widen --from/--to.`);
  }
}

/** Days of store buckets asked per query in --summary (15-min buckets: 672 per device-type). */
const SUMMARY_PAGE_SECONDS = 7 * 86_400;

/**
 * The selection's per-15-minute moments (count, mean, M2, min, max per field), computed inside
 * the store: the readings themselves never come into this process.
 */
export async function readStoreBuckets(store: TelemetryStore, sel: Selection, nowSeconds: number): Promise<MomentBucket[]> {
  const to = sel.to ?? nowSeconds;
  let from = sel.from ?? 0;
  if (sel.from === undefined) {
    const first = (await store.queryReadings({ from, to, limit: 1, ...(sel.kind ? { kind: sel.kind } : {}) })) as ReadingRow[];
    if (first.length === 0) return [];
    from = Math.floor(first[0]!.timestamp / 900) * 900;
  }
  const out: MomentBucket[] = [];
  const devices: (string | undefined)[] = sel.devices.length > 0 ? [...sel.devices] : [undefined];
  for (const device of devices) {
    for (let t = from; t < to; t += SUMMARY_PAGE_SECONDS) {
      const rows = (await store.queryReadings({
        from: t,
        to: Math.min(to, t + SUMMARY_PAGE_SECONDS),
        bucketSeconds: 900,
        secondMoment: true,
        limit: PAGE_ROWS,
        ...(device !== undefined ? { device } : {}),
        ...(sel.kind ? { kind: sel.kind } : {}),
      })) as BucketRow[];
      if (rows.length >= PAGE_ROWS)
        throw new MimicError(
          "ANALYZE_BAD_OPTION",
          `More than ${PAGE_ROWS.toLocaleString("en-US")} buckets in one week of the store; summarise fewer devices at once with --device.`,
        );
      for (const r of rows) out.push({ device: r.device, type: r.kind, bucket: r.bucket, count: r.count, fields: r.fields });
    }
  }
  const seen = new Set(out.map((b) => b.device));
  // A device without buckets in the range: unknown to the store, or only outside the range?
  const unknown: string[] = [];
  for (const device of sel.devices.filter((d) => !seen.has(d))) {
    const any = (await store.queryReadings({ device, from: 0, to: nowSeconds + 86_400, limit: 1, ...(sel.kind ? { kind: sel.kind } : {}) })) as ReadingRow[];
    if (any.length === 0) unknown.push(device);
  }
  if (unknown.length > 0)
    throw new MimicError(
      "ANALYZE_UNKNOWN_DEVICE",
      `The store holds no${sel.kind ? ` ${sel.kind}` : ""} readings of device ${unknown.map((d) => `"${d}"`).join(", ")}; list the registered devices with \`mimic devices list\`.`,
    );
  if (out.length === 0 || seen.size < sel.devices.length)
    throw new MimicError(
      "ANALYZE_NO_READINGS",
      `The store holds no readings of ${sel.devices.length > 0 ? sel.devices.filter((d) => !seen.has(d)).join(", ") || "the selection" : "the selection"}${sel.from !== undefined || sel.to !== undefined ? " in the range asked" : ""}; widen --from/--to, or check with \`mimic query\`.`,
    );
  return out;
}

/**
 * Throws ANALYZE_NO_READINGS for an input with no readings, ANALYZE_UNKNOWN_DEVICE for a device or
 * type of the selection that the input does not hold (the message lists what it holds).
 */
export function checkSelectionHeld(all: readonly { device: string; kind: SensorKind }[], sel: Selection, source: string): void {
  if (all.length === 0)
    throw new MimicError(
      "ANALYZE_NO_READINGS",
      `${source} holds no readings${sel.from !== undefined || sel.to !== undefined ? " in the range asked" : ""}; widen --from/--to, or check what is there with \`mimic query\`.`,
    );
  const known = [...new Set(all.map((g) => g.device))].sort();
  const unknown = sel.devices.filter((d) => !known.includes(d));
  if (unknown.length > 0) {
    const list = known.length <= 12 ? known.join(", ") : `${known.slice(0, 12).join(", ")} and ${known.length - 12} more`;
    throw new MimicError("ANALYZE_UNKNOWN_DEVICE", `No readings of device ${unknown.map((d) => `"${d}"`).join(", ")} in ${source}; it holds ${list}.`);
  }
  const ofDevices = sel.devices.length > 0 ? all.filter((g) => sel.devices.includes(g.device)) : all;
  if (sel.kind !== undefined && !ofDevices.some((g) => g.kind === sel.kind)) {
    const kinds = [...new Set(ofDevices.map((g) => g.kind))];
    throw new MimicError(
      "ANALYZE_UNKNOWN_DEVICE",
      `No ${sel.kind} readings${sel.devices.length > 0 ? ` of ${sel.devices.join(", ")}` : ""} in ${source}; it holds ${kinds.join(", ")} readings: use --type ${kinds[0]}.`,
    );
  }
}
