// What `mimic analyze` reads: readings from CSV files or from the store, grouped per (device,
// sensor type), then narrowed to the asked devices, type and time range and handed to analytics
// as sorted columns. Every empty or unknown selection is one clear error, before anything is written.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { DeviceSeries, MomentBucket } from "../../analytics/index.js";
import { MimicError } from "../../errors/index.js";
import type { SensorKind } from "../../sensors/index.js";
import type { BucketRow, ReadingRow, TelemetryStore } from "../../telemetry/ports.js";
import { looksLikeParquet } from "../../parquet/index.js";
import { open } from "node:fs/promises";
import { parseReadingsCsv, ReadingColumns, readReadingsCsvFile, type ReadingField } from "./readings-csv.js";
import { readReadingsParquet } from "./readings-parquet.js";

export interface Selection {
  devices: readonly string[];
  kind?: SensorKind;
  /** Epoch seconds, [from, to). */
  from?: number;
  to?: number;
}

const KIND_FIELDS: Record<SensorKind, readonly ReadingField[]> = { DHT22: ["temperature", "humidity"], PIR: ["motion"], LIGHT: ["light"] };

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

/** Reads and groups every --in file: CSV or Parquet, told apart by the file's first bytes. */
export async function readInputFiles(files: readonly string[], cwd: string): Promise<Map<string, ReadingColumns>> {
  const groups = new Map<string, ReadingColumns>();
  for (const file of files) {
    const path = resolve(cwd, file);
    if (looksLikeParquet(await firstBytes(path))) await readReadingsParquet(path, file, groups);
    else await readReadingsCsvFile(path, file, groups);
  }
  return groups;
}

/** Most readings one store query returns; longer selections are read a day at a time. */
const PAGE_ROWS = 1_000_000;

/** Reads the selection from the store, a day per query so no answer is cut. */
export async function readStore(store: TelemetryStore, sel: Selection, nowSeconds: number): Promise<Map<string, ReadingColumns>> {
  const groups = new Map<string, ReadingColumns>();
  const from = sel.from ?? 0;
  const to = sel.to ?? nowSeconds;
  if (!(from < to)) return groups;
  const devices: (string | undefined)[] = sel.devices.length > 0 ? [...sel.devices] : [undefined];
  // Without --from the first reading's day is unknown: one query without a lower bound finds it.
  let start = from;
  if (sel.from === undefined) {
    const first = (await store.queryReadings({ from, to, limit: 1, ...(sel.kind ? { kind: sel.kind } : {}) })) as ReadingRow[];
    if (first.length === 0) return groups;
    start = Math.floor(first[0]!.timestamp);
  }
  for (const device of devices) {
    for (let t = start; t < to; t += 86_400) {
      const rows = (await store.queryReadings({
        from: t,
        to: Math.min(to, t + 86_400),
        limit: PAGE_ROWS,
        ...(device !== undefined ? { device } : {}),
        ...(sel.kind ? { kind: sel.kind } : {}),
      })) as ReadingRow[];
      if (rows.length >= PAGE_ROWS)
        throw new MimicError(
          "ANALYZE_BAD_OPTION",
          `More than ${PAGE_ROWS.toLocaleString("en-US")} readings in one day of the store; analyse fewer devices at once with --device.`,
        );
      for (const r of rows) {
        const key = r.device + "\u0000" + r.kind;
        let cols = groups.get(key);
        if (!cols) groups.set(key, (cols = new ReadingColumns(r.device, r.kind)));
        const v = (f: ReadingField): number => {
          const x = KIND_FIELDS[r.kind].includes(f) ? r.data[f] : undefined;
          return x === undefined ? Number.NaN : x === true ? 1 : x === false ? 0 : x;
        };
        cols.push(r.timestamp, v("temperature"), v("humidity"), v("motion"), v("light"));
      }
    }
  }
  return groups;
}

/**
 * Narrows the groups to the selection and sorts each by time. Throws ANALYZE_UNKNOWN_DEVICE for a
 * device or type the input does not hold, ANALYZE_NO_READINGS when the range leaves nothing.
 */
export function selectSeries(groups: Map<string, ReadingColumns>, sel: Selection, source: string): DeviceSeries[] {
  const all = [...groups.values()];
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
  let chosen = sel.devices.length > 0 ? all.filter((g) => sel.devices.includes(g.device)) : all;
  if (sel.kind !== undefined) {
    const kinds = [...new Set(chosen.map((g) => g.kind))];
    chosen = chosen.filter((g) => g.kind === sel.kind);
    if (chosen.length === 0)
      throw new MimicError(
        "ANALYZE_UNKNOWN_DEVICE",
        `No ${sel.kind} readings${sel.devices.length > 0 ? ` of ${sel.devices.join(", ")}` : ""} in ${source}; it holds ${kinds.join(", ")} readings: use --type ${kinds[0]}.`,
      );
  }
  const out: DeviceSeries[] = [];
  for (const g of chosen.sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : a.kind < b.kind ? -1 : 1))) {
    const times = g.times.subarray(0, g.length);
    // Usually every reading is in range and in time order: the columns are used as they are.
    let sorted = true;
    let inRange = 0;
    for (let i = 0; i < times.length; i++) {
      const t = times[i]!;
      if (i > 0 && t < times[i - 1]!) sorted = false;
      if ((sel.from === undefined || t >= sel.from) && (sel.to === undefined || t < sel.to)) inRange++;
    }
    if (inRange === 0) continue;
    const fields: Record<string, Float64Array> = {};
    if (sorted && inRange === times.length) {
      for (const f of KIND_FIELDS[g.kind]) fields[f] = g.fields[f].subarray(0, g.length);
      out.push({ device: g.device, type: g.kind, times, fields });
      continue;
    }
    const kept: number[] = [];
    for (let i = 0; i < times.length; i++) {
      const t = times[i]!;
      if ((sel.from === undefined || t >= sel.from) && (sel.to === undefined || t < sel.to)) kept.push(i);
    }
    const order = Uint32Array.from(kept);
    if (!sorted) sortIndexByTime(order, times);
    for (const f of KIND_FIELDS[g.kind]) fields[f] = Float64Array.from(order, (i) => g.fields[f][i]!);
    out.push({ device: g.device, type: g.kind, times: Float64Array.from(order, (i) => times[i]!), fields });
  }
  if (out.length === 0) throw new MimicError("ANALYZE_NO_READINGS", `No readings of the selection in the range asked (${source}); widen --from/--to.`);
  return out;
}

/**
 * Sorts indices by time, stably. Device clocks that jump or drift leave a series nearly sorted
 * (short stretches out of place), which insertion sort puts right in near-linear time; input far
 * from sorted falls back to a general sort once the moves pass a budget.
 */
function sortIndexByTime(order: Uint32Array, times: Float64Array): void {
  let moves = 0;
  const budget = 64 * order.length;
  for (let i = 1; i < order.length; i++) {
    const idx = order[i]!;
    const t = times[idx]!;
    let j = i - 1;
    while (j >= 0 && times[order[j]!]! > t) {
      order[j + 1] = order[j]!;
      j--;
      if (++moves > budget) {
        order[j + 1] = idx; // a whole permutation again before the general sort
        order.set(Uint32Array.from([...order].sort((a, b) => times[a]! - times[b]! || a - b)));
        return;
      }
    }
    order[j + 1] = idx;
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
