// A summary of readings from per-bucket moments (count, mean, M2, min, max), as the store
// returns them for `secondMoment` queries: per device and field the count, mean, std, min and
// max, the hourly profile and the daily means, merged with Chan's formula, so a fleet-year is
// summarised without reading every reading. Quartiles need every value and are not part of it.
import type { LocalClock } from "./local-time.js";
import { dayLabel } from "./local-time.js";
import { emptyMoments, mergeMoments, standardDeviation, type Moments } from "../numeric/index.js";

/** One bucket of one device and sensor type (the store's BucketRow with `m2`). */
export interface MomentBucket {
  device: string;
  type: string;
  /** Bucket start, epoch seconds. */
  bucket: number;
  count: number;
  fields: Record<string, { mean: number; min: number; max: number; m2?: number }>;
}

export interface FieldSummary {
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  hourly: { hour: number; count: number; mean: number | null; std: number | null }[];
  days: { date: string; count: number; mean: number; change: number | null }[];
}

export interface DeviceSummary {
  device: string;
  type: string;
  count: number;
  fields: Record<string, FieldSummary>;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Merges buckets into per-device summaries. Buckets must not straddle a local hour (900 s buckets
 * fit every zone's offsets). `fahrenheit` converts temperature moments (mean·9/5 + 32, M2·(9/5)²).
 *
 * @example
 * summarizeBuckets(await store.queryReadings({ from, to, bucketSeconds: 900, secondMoment: true, limit }), localClock("UTC"), false);
 */
export function summarizeBuckets(buckets: readonly MomentBucket[], clock: LocalClock, fahrenheit: boolean): DeviceSummary[] {
  const byDevice = new Map<string, { device: string; type: string; count: number; fields: Map<string, { all: Moments; hours: Moments[]; days: Map<number, Moments> }> }>();
  for (const b of buckets) {
    const key = b.device + "\u0000" + b.type;
    let d = byDevice.get(key);
    if (!d) byDevice.set(key, (d = { device: b.device, type: b.type, count: 0, fields: new Map() }));
    d.count += b.count;
    const hour = clock.hour(b.bucket);
    const day = clock.day(b.bucket);
    for (const [name, f] of Object.entries(b.fields)) {
      const scale = fahrenheit && name === "temperature" ? 1.8 : 1;
      const shift = fahrenheit && name === "temperature" ? 32 : 0;
      const m: Moments = { count: b.count, mean: f.mean * scale + shift, m2: (f.m2 ?? 0) * scale * scale, min: f.min * scale + shift, max: f.max * scale + shift };
      let acc = d.fields.get(name);
      if (!acc) d.fields.set(name, (acc = { all: emptyMoments(), hours: Array.from({ length: 24 }, emptyMoments), days: new Map() }));
      acc.all = mergeMoments(acc.all, m);
      acc.hours[hour] = mergeMoments(acc.hours[hour]!, m);
      acc.days.set(day, mergeMoments(acc.days.get(day) ?? emptyMoments(), m));
    }
  }
  const out: DeviceSummary[] = [];
  for (const d of [...byDevice.values()].sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : a.type < b.type ? -1 : 1))) {
    const fields: Record<string, FieldSummary> = {};
    for (const [name, acc] of d.fields) {
      const days = [...acc.days.keys()].sort((a, b) => a - b);
      fields[name] = {
        count: acc.all.count,
        mean: acc.all.mean,
        std: standardDeviation(acc.all),
        min: acc.all.min,
        max: acc.all.max,
        hourly: acc.hours.map((m, hour) => ({ hour, count: m.count, mean: m.count > 0 ? m.mean : null, std: finite(standardDeviation(m)) })),
        days: days.map((day) => {
          const m = acc.days.get(day)!;
          const prev = acc.days.get(day - 1);
          return { date: dayLabel(day), count: m.count, mean: m.mean, change: prev ? m.mean - prev.mean : null };
        }),
      };
    }
    out.push({ device: d.device, type: d.type, count: d.count, fields });
  }
  return out;
}
