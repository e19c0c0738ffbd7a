// Reading a range of the store in bounded pages, for commands that stream (analyze) or collect
// (detect). The store port has no cursor, so pages are time windows: a window that comes back
// full is halved and asked again, one that comes back sparse doubles for the next, so every
// answer holds at most STORE_PAGE_ROWS readings whatever the range and the fleet. Pages are asked
// per (device, type), which the stores index (device, kind, ts): a window over the whole fleet
// would scan every reading for each page. The pairs come from one grouped query.
import { MimicError } from "../../errors/index.js";
import type { SensorKind } from "../../sensors/index.js";
import type { BucketRow, ReadingRow, TelemetryStore } from "../../telemetry/ports.js";

/** Most readings one store answer holds (a few MB of rows). */
export const STORE_PAGE_ROWS = 20_000;
/** Widest window asked at once: long empty stretches are crossed in a few queries. */
const MAX_WINDOW_SECONDS = 7 * 86_400;
/** Narrowest window: more than a page of readings inside it cannot be paged by time. */
const MIN_WINDOW_SECONDS = 1e-3;

export interface StoreRange {
  devices: readonly string[];
  kind?: SensorKind;
  /** Epoch seconds, [from, to). */
  from?: number;
  to?: number;
}

/** The (device, type) pairs with readings in [from, to), sorted: one grouped query, no reading read. */
async function pairsIn(store: TelemetryStore, range: StoreRange, from: number, to: number): Promise<{ device: string; kind: SensorKind }[]> {
  const pairs = new Map<string, { device: string; kind: SensorKind }>();
  const devices: (string | undefined)[] = range.devices.length > 0 ? [...range.devices] : [undefined];
  for (const device of devices) {
    // One bucket as wide as the range (two at most, as buckets are aligned to multiples of it).
    const rows = (await store.queryReadings({
      from,
      to,
      bucketSeconds: Math.max(1, Math.ceil(to - from)),
      limit: 1_000_000,
      ...(device !== undefined ? { device } : {}),
      ...(range.kind ? { kind: range.kind } : {}),
    })) as BucketRow[];
    for (const r of rows) pairs.set(r.device + "\u0000" + r.kind, { device: r.device, kind: r.kind });
  }
  return [...pairs.values()].sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}

/**
 * Calls `onPage` with the range's readings, a page at a time: each (device, type)'s in time
 * order, one pair after the other.
 */
export async function forEachStorePage(
  store: TelemetryStore,
  range: StoreRange,
  nowSeconds: number,
  onPage: (rows: readonly ReadingRow[]) => void,
  pageRows = STORE_PAGE_ROWS,
): Promise<void> {
  const to = range.to ?? nowSeconds;
  const from = range.from ?? 0;
  if (!(from < to)) return;
  for (const { device, kind } of await pairsIn(store, range, from, to)) {
    let t = from;
    if (range.from === undefined) {
      const first = (await store.queryReadings({ device, kind, from, to, limit: 1 })) as ReadingRow[];
      if (first.length === 0) continue;
      t = Math.floor(first[0]!.timestamp);
    }
    let window = 3600;
    while (t < to) {
      const end = Math.min(to, t + window);
      const rows = (await store.queryReadings({ device, kind, from: t, to: end, limit: pageRows })) as ReadingRow[];
      if (rows.length >= pageRows) {
        if (window / 2 < MIN_WINDOW_SECONDS)
          throw new MimicError(
            "ANALYZE_BAD_OPTION",
            `More than ${pageRows.toLocaleString("en-US")} readings of ${device} within a millisecond in the store; it cannot be paged by time.`,
          );
        window /= 2;
        continue;
      }
      onPage(rows);
      t = end;
      if (rows.length < pageRows / 4) window = Math.min(MAX_WINDOW_SECONDS, window * 2);
    }
  }
}
