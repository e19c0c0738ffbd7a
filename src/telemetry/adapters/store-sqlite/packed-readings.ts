// Readings cross to the writer thread as columns. postMessage clones nested objects slowly, on
// the sending thread: 20,000 readings as objects took 110-160 ms of event-loop time, the same
// readings as these columns 2-6 ms (v8.serialize, this machine under load).
import type { Reading } from "../../domain/reading.js";
import { SENSOR_FIELDS, SENSOR_KINDS } from "../../domain/sensor-fields.js";
import { FIELD_COLUMNS, fieldValues } from "../internal/reading-columns.js";

/** Groups of readings, column by column; strings that repeat are dictionary-encoded. */
export interface PackedGroups {
  groupSizes: Uint32Array;
  ids: string[];
  dict: string[];
  device: Uint32Array;
  typeLabel: Uint32Array;
  kind: Uint8Array;
  timestamp: Float64Array;
  receivedAt: Float64Array;
  /** FIELD_COLUMNS.length values per reading; NaN where the kind has no such field. */
  fields: Float64Array;
}

export function packGroups(groups: readonly (readonly Reading[])[]): PackedGroups {
  const n = groups.reduce((a, g) => a + g.length, 0);
  const width = FIELD_COLUMNS.length;
  const p: PackedGroups = {
    groupSizes: Uint32Array.from(groups, (g) => g.length),
    ids: new Array<string>(n),
    dict: [],
    device: new Uint32Array(n),
    typeLabel: new Uint32Array(n),
    kind: new Uint8Array(n),
    timestamp: new Float64Array(n),
    receivedAt: new Float64Array(n),
    fields: new Float64Array(n * width),
  };
  const seen = new Map<string, number>();
  const code = (s: string) => {
    let k = seen.get(s);
    if (k === undefined) {
      k = p.dict.push(s) - 1;
      seen.set(s, k);
    }
    return k;
  };
  let i = 0;
  for (const g of groups) {
    for (const r of g) {
      p.ids[i] = r.id;
      p.device[i] = code(r.device);
      p.typeLabel[i] = code(r.typeLabel);
      p.kind[i] = SENSOR_KINDS.indexOf(r.kind);
      p.timestamp[i] = r.timestamp;
      p.receivedAt[i] = r.receivedAt;
      fieldValues(r).forEach((v, j) => (p.fields[i * width + j] = v === null ? Number.NaN : Number(v)));
      i++;
    }
  }
  return p;
}

export function unpackGroups(p: PackedGroups): Reading[][] {
  const width = FIELD_COLUMNS.length;
  const out: Reading[][] = [];
  let i = 0;
  for (const size of p.groupSizes) {
    const g: Reading[] = new Array<Reading>(size);
    for (let k = 0; k < size; k++, i++) {
      const kind = SENSOR_KINDS[p.kind[i]!]!;
      const data: Record<string, number | boolean> = {};
      for (const f of SENSOR_FIELDS[kind]) {
        const v = p.fields[i * width + FIELD_COLUMNS.findIndex((c) => c.name === f.name)]!;
        data[f.name] = f.type === "boolean" ? v === 1 : v;
      }
      g[k] = {
        id: p.ids[i]!,
        device: p.dict[p.device[i]!]!,
        kind,
        typeLabel: p.dict[p.typeLabel[i]!]!,
        timestamp: p.timestamp[i]!,
        receivedAt: p.receivedAt[i]!,
        data: data as unknown as Reading["data"],
      };
    }
    out.push(g);
  }
  return out;
}

/** The buffers postMessage can move instead of copying. */
export function transferables(p: PackedGroups): ArrayBuffer[] {
  return [p.groupSizes, p.device, p.typeLabel, p.kind, p.timestamp, p.receivedAt, p.fields].map((a) => a.buffer as ArrayBuffer);
}
