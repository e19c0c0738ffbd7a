// The live feed's event format (version 3): one columnar `batch` event per quarter second instead
// of one JSON object per reading. Every subscriber of the whole fleet receives every reading: 50
// subscribers of a 23,000 readings/s fleet took 86 MB/s at ~106 bytes a reading as objects, ~12.4
// bytes as columns of decimals (version 2), ~6 as whole-number steps of the sensor's resolution
// counted from the value before (version 3; docs/benchmarks.md, which also shows that past
// version 2 the subscribers' cost is per event rather than per byte). The format is public
// (docs/dashboard.md); the dashboard's decoder is dashboard/src/live-batch.ts.
import type { Reading, SensorKind } from "../../sensors/reading.js";
import { SENSOR_FIELDS, type SensorField } from "../../sensors/sensor-fields.js";

/** The SSE event name of the columnar format; the readings-as-objects format (version 1) was `readings`. */
export const LIVE_EVENT = "batch";
/** The `v` of every `batch` event: a client that reads another version knows it is out of date. */
export const LIVE_FORMAT_VERSION = 3;

/** One device's readings of one sensor kind, as columns, in the order they were accepted. */
interface Group {
  device: string;
  kind: SensorKind;
  /** Device clock, epoch milliseconds (rounded: the feed is precise to the millisecond). */
  times: number[];
  /** One column per field of the kind, in SENSOR_FIELDS order. */
  columns: (number | boolean)[][];
}

/**
 * Readings gathered for one event, grouped by device and sensor kind as they arrive, encoded once
 * for all subscribers of the fleet and once per followed device.
 *
 * @example
 * const batch = new LiveBatch();
 * batch.add(readings);
 * sink.write(batch.event()!); // event: batch\ndata: {"v":3,"t0":…,"scale":{…},"groups":[…]}\n\n
 */
export class LiveBatch {
  /** device → kind → group, in order of first arrival. */
  readonly #groups = new Map<string, Map<SensorKind, Group>>();
  #t0: number | undefined;
  /** Each device's groups as JSON text, and the events built from them: reset by `add`. */
  #encoded: Map<string, string> | undefined;
  #events = new Map<string | undefined, Buffer>();

  /** Whether nothing has been added. */
  get empty(): boolean {
    return this.#t0 === undefined;
  }

  add(readings: readonly Reading[]): void {
    for (const r of readings) {
      const ms = Math.round(r.timestamp * 1000);
      this.#t0 ??= ms;
      let kinds = this.#groups.get(r.device);
      if (kinds === undefined) this.#groups.set(r.device, (kinds = new Map<SensorKind, Group>()));
      let group = kinds.get(r.kind);
      if (group === undefined) {
        group = { device: r.device, kind: r.kind, times: [], columns: SENSOR_FIELDS[r.kind].map(() => []) };
        kinds.set(r.kind, group);
      }
      group.times.push(ms);
      const data = r.data as unknown as Record<string, number | boolean>;
      const fields = SENSOR_FIELDS[r.kind];
      for (let i = 0; i < fields.length; i++) group.columns[i]!.push(data[fields[i]!.name]!);
    }
    // Ingest adds one request's readings at a time: forget the encodings only when there are some.
    if (this.#encoded === undefined) return;
    this.#encoded = undefined;
    this.#events.clear();
  }

  /**
   * The event with every reading (`device` undefined: for subscribers of the whole fleet) or with
   * one device's, undefined when that device sent none. Encoded once into bytes, and the same bytes
   * written to every subscriber that asks (a string would be encoded again per write).
   */
  event(device?: string): Buffer | undefined {
    let event = this.#events.get(device);
    if (event !== undefined) return event;
    const groups = this.#groupJson();
    const text = device === undefined ? [...groups.values()].join(",") : groups.get(device);
    if (text === undefined || this.#t0 === undefined) return undefined;
    event = Buffer.from(`event: ${LIVE_EVENT}\ndata: {"v":${LIVE_FORMAT_VERSION},"t0":${this.#t0},"scale":${SCALE_JSON},"groups":[${text}]}\n\n`);
    this.#events.set(device, event);
    return event;
  }

  /** Each device's groups as JSON text (joined by commas), built once however many events use them. */
  #groupJson(): Map<string, string> {
    if (this.#encoded !== undefined) return this.#encoded;
    this.#encoded = new Map([...this.#groups].map(([device, kinds]) => [device, [...kinds.values()].map((g) => this.#groupText(g)).join(",")]));
    return this.#encoded;
  }

  /**
   * `{"device","kind","t":[…],"fields":{name: column}}`: `t` holds each time as milliseconds after
   * the one before it in the group (the first after the event's `t0`), so a steady stream costs a
   * few digits a reading; a number column is steps of the sensor's resolution (numberColumn); a
   * boolean column is a string of `0` and `1`, a character a reading.
   */
  #groupText(g: Group): string {
    const deltas = new Array<number>(g.times.length);
    let previous = this.#t0 ?? 0;
    for (let i = 0; i < g.times.length; i++) {
      deltas[i] = g.times[i]! - previous;
      previous = g.times[i]!;
    }
    const fields = SENSOR_FIELDS[g.kind].map((f, i) => {
      const column = g.columns[i]!;
      const text = f.type === "boolean" ? JSON.stringify(column.map((b) => (b ? "1" : "0")).join("")) : numberColumn(f, column);
      return `${JSON.stringify(f.name)}:${text}`;
    });
    return `{"device":${JSON.stringify(g.device)},"kind":"${g.kind}","t":[${deltas.join(",")}],"fields":{${fields.join(",")}}}`;
  }
}

/**
 * Beyond this many steps a difference of two could pass 2^53, where whole numbers stop being exact
 * doubles: such a column is sent as decimals.
 */
const MAX_STEPS = 2 ** 52;

/**
 * The event's `scale`: per sensor kind, per field with a resolution, the steps in one unit (10 for
 * a sensor that reads to 0.1). Sent once an event rather than once a column, so that a device's
 * single reading of a quarter second is no longer as steps than as decimals; the same text always.
 */
const SCALE_JSON = JSON.stringify(
  Object.fromEntries(
    Object.entries(SENSOR_FIELDS)
      .map(([kind, fields]) => [kind, Object.fromEntries(fields.flatMap((f) => (f.decimals === undefined ? [] : [[f.name, 10 ** f.decimals]])))] as const)
      .filter(([, scales]) => Object.keys(scales).length > 0),
  ),
);

/**
 * A number column as JSON. For a field with a resolution whose values are all whole numbers of
 * its steps, `[215,1,-1]`: each value times the event's `scale` for the field, as the difference
 * from the value before (the first from 0), so a slowly changing reading costs a digit or two
 * instead of its decimals, and the encoder writes integers rather than shortest doubles. The
 * reader sums and divides by the scale, which gives back the very double that was stored: checked
 * here, value by value, with the same division. Otherwise — a device that sent more digits than
 * its sensor reads, a value too large, one missing — `{"values":[21.5,21.53]}`, the shortest
 * decimals that read back the same doubles, so nothing ingest stored is lost. A field without a
 * resolution is always a plain array of decimals.
 */
function numberColumn(field: SensorField, column: readonly (number | boolean)[]): string {
  if (field.decimals === undefined) return JSON.stringify(column);
  const scale = 10 ** field.decimals;
  const deltas = new Array<number>(column.length);
  let previous = 0;
  for (let i = 0; i < column.length; i++) {
    const value = column[i];
    if (typeof value !== "number") return `{"values":${JSON.stringify(column)}}`;
    const steps = Math.round(value * scale);
    if (!(Math.abs(steps) <= MAX_STEPS) || steps / scale !== value) return `{"values":${JSON.stringify(column)}}`;
    deltas[i] = steps - previous;
    previous = steps;
  }
  return `[${deltas.join(",")}]`;
}
