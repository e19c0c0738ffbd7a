// Reading a range of the store in bounded pages, for commands that stream (analyze) or collect
// (detect). The store port has no cursor, so pages are time windows: a window that comes back
// full is halved and asked again, one that comes back sparse doubles for the next, so every
// answer holds at most STORE_PAGE_ROWS readings whatever the range and the fleet.
import { MimicError } from "../../errors/index.js";
import type { SensorKind } from "../../sensors/index.js";
import type { ReadingRow, TelemetryStore } from "../../telemetry/ports.js";

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

/**
 * Calls `onPage` with the range's readings, a page at a time, in time order per device (all
 * devices together when none is named). Without `from`, starts at the first reading.
 */
export async function forEachStorePage(
  store: TelemetryStore,
  range: StoreRange,
  nowSeconds: number,
  onPage: (rows: readonly ReadingRow[]) => void,
  pageRows = STORE_PAGE_ROWS,
): Promise<void> {
  const to = range.to ?? nowSeconds;
  const kind = range.kind ? { kind: range.kind } : {};
  let start = range.from ?? 0;
  if (!(start < to)) return;
  if (range.from === undefined) {
    const first = (await store.queryReadings({ from: start, to, limit: 1, ...kind })) as ReadingRow[];
    if (first.length === 0) return;
    start = Math.floor(first[0]!.timestamp);
  }
  const devices: (string | undefined)[] = range.devices.length > 0 ? [...range.devices] : [undefined];
  for (const device of devices) {
    let window = 3600;
    let t = start;
    while (t < to) {
      const end = Math.min(to, t + window);
      const rows = (await store.queryReadings({ from: t, to: end, limit: pageRows, ...(device !== undefined ? { device } : {}), ...kind })) as ReadingRow[];
      if (rows.length >= pageRows) {
        if (window / 2 < MIN_WINDOW_SECONDS)
          throw new MimicError(
            "ANALYZE_BAD_OPTION",
            `More than ${pageRows.toLocaleString("en-US")} readings within a millisecond of the store; analyse fewer devices at once with --device.`,
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
