// Reads the live feed's `batch` event (format version 3, docs/dashboard.md) back into one object
// per reading. Pure, no DOM: the server's tests run it against the feed's own encoder
// (src/http/routes/live-batch.ts), so the two cannot drift apart unnoticed.
import type { LiveReading, SensorKind } from "./api.js";

/** The SSE event the page listens for, and the format version it reads. */
export const LIVE_EVENT = "batch";
export const LIVE_FORMAT_VERSION = 3;

/** A number column sent as decimals because a value is finer than its field's resolution. */
export interface ExactColumn {
  values: (number | null)[];
}

/** One `batch` event's data as sent. */
export interface LiveBatch {
  v: number;
  /** Epoch milliseconds that each group's first time counts from. */
  t0: number;
  /** Per sensor kind, per field with a resolution, its steps in one unit (10 for a sensor that reads to 0.1). */
  scale: Partial<Record<SensorKind, Record<string, number>>>;
  groups: {
    device: string;
    kind: SensorKind;
    /** Milliseconds after the time before (the first after `t0`). */
    t: number[];
    /**
     * Per numeric field with a `scale`: each value times the scale, minus the one before (the
     * first minus 0), or `{values}` when a value is finer than the field's resolution; per numeric
     * field without one, the values; per boolean field, a string of `0`/`1`, one character per reading.
     */
    fields: Record<string, (number | null)[] | ExactColumn | string>;
  }[];
}

/**
 * The readings of one `batch` event, each device's and sensor's in the order they were accepted,
 * or undefined when the event is of a version this page does not read (a newer server: reload).
 *
 * @example
 * readingsOf(JSON.parse(event.data)); // [{device: "rp1", kind: "DHT22", timestamp: 1796000000.25, data: {temperature: 21.5, humidity: 40}}]
 */
export function readingsOf(batch: LiveBatch): LiveReading[] | undefined {
  if (batch.v !== LIVE_FORMAT_VERSION) return undefined;
  const out: LiveReading[] = [];
  for (const g of batch.groups) {
    const scales = batch.scale[g.kind];
    const fields = Object.entries(g.fields).map(([name, column]) => [name, valuesOf(column, scales?.[name])] as const);
    let ms = batch.t0;
    for (let i = 0; i < g.t.length; i++) {
      ms += g.t[i]!;
      const data: Record<string, number | boolean> = {};
      for (const [name, column] of fields) {
        const value = typeof column === "string" ? column[i] === "1" : column[i];
        if (value !== undefined && value !== null) data[name] = value;
      }
      out.push({ device: g.device, kind: g.kind, timestamp: ms / 1000, data });
    }
  }
  return out;
}

/**
 * A column's values by reading. Steps are summed and divided by the scale: the encoder checked
 * that this very division gives each stored value back (multiplying by 0.1 would not).
 */
function valuesOf(column: (number | null)[] | ExactColumn | string, scale: number | undefined): (number | null)[] | string {
  if (typeof column === "string") return column;
  if (!Array.isArray(column)) return column.values;
  if (scale === undefined) return column;
  const values = new Array<number>(column.length);
  let steps = 0;
  for (let i = 0; i < column.length; i++) {
    steps += column[i]!;
    values[i] = steps / scale;
  }
  return values;
}
