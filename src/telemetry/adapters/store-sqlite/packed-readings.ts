// Readings cross to the writer thread packed: one Float64Array (moved, not copied) and one string.
// postMessage clones nested objects slowly, on the sending thread: 20,000 readings as objects took
// 110-160 ms of event-loop time, as typed columns 2-6 ms (v8.serialize, this machine under load).
// A column per field still cost one transferred ArrayBuffer each and a cloned string per id, which
// dominated for the many small groups of single-reading requests; this layout costs one buffer,
// one flat string and a handful of dictionary strings per group of requests, whatever its size.
import type { Reading } from "../../../sensors/reading.js";
import type { AppendResult } from "../../ports.js";
import { SENSOR_FIELDS, SENSOR_KINDS } from "../../../sensors/sensor-fields.js";
import { FIELD_COLUMNS } from "../internal/reading-columns.js";

/** Numbers per reading in `PackedGroups.numbers`, in this order. */
const TIMESTAMP = 0;
const RECEIVED_AT = 1;
const KIND = 2;
const DEVICE = 3;
const TYPE_LABEL = 4;
const ID_LENGTH = 5;
const FIELDS = 6;
export const PACKED_WIDTH = FIELDS + FIELD_COLUMNS.length;

/** Where each kind's fields go among FIELD_COLUMNS, computed once. */
const FIELD_SLOTS = SENSOR_KINDS.map((kind) =>
  SENSOR_FIELDS[kind].map((f) => ({ name: f.name, slot: FIELD_COLUMNS.findIndex((c) => c.name === f.name) })),
);

/** Groups of readings (one group per append call), packed for postMessage. */
export interface PackedGroups {
  /** Readings per group, in order. */
  groupSizes: number[];
  /** Every reading id, concatenated (lengths are in `numbers`). */
  ids: string;
  /** Device ids and type labels, each once; `numbers` holds indexes into it. */
  dict: string[];
  /** PACKED_WIDTH numbers per reading; NaN in a field slot the reading's kind does not have. */
  numbers: Float64Array;
}

/** What the writer thread answers for one pack: its groups' results and which transaction held them. */
export interface PackedAppendReply {
  results: AppendResult[];
  /** Sequence number of the transaction (several packs may share one). */
  transaction: number;
}

/** Packs groups of readings (already checked by `assertStorable`). */
export function packGroups(groups: readonly (readonly Reading[])[]): PackedGroups {
  let n = 0;
  for (const g of groups) n += g.length;
  const numbers = new Float64Array(n * PACKED_WIDTH).fill(Number.NaN);
  const dict: string[] = [];
  const seen = new Map<string, number>();
  const code = (s: string): number => {
    let k = seen.get(s);
    if (k === undefined) {
      k = dict.push(s) - 1;
      seen.set(s, k);
    }
    return k;
  };
  const ids: string[] = new Array<string>(n);
  const groupSizes: number[] = new Array<number>(groups.length);
  let i = 0;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    groupSizes[g] = group.length;
    for (const r of group) {
      const o = i * PACKED_WIDTH;
      const kind = SENSOR_KINDS.indexOf(r.kind);
      ids[i] = r.id;
      numbers[o + TIMESTAMP] = r.timestamp;
      numbers[o + RECEIVED_AT] = r.receivedAt;
      numbers[o + KIND] = kind;
      numbers[o + DEVICE] = code(r.device);
      numbers[o + TYPE_LABEL] = code(r.typeLabel);
      numbers[o + ID_LENGTH] = r.id.length;
      const data = r.data as unknown as Record<string, number | boolean>;
      for (const { name, slot } of FIELD_SLOTS[kind]!) numbers[o + FIELDS + slot] = Number(data[name]);
      i++;
    }
  }
  return { groupSizes, ids: ids.join(""), dict, numbers };
}

/**
 * Reads packed readings back row by row as the readings table's column values: device, kind, ts,
 * id, type_label, received_at (ms, rounded), then FIELD_COLUMNS (null where absent, booleans as
 * 0/1). `next(out)` pushes one row's values and returns false after the last row.
 */
export function packedRows(p: PackedGroups): (out: unknown[]) => boolean {
  const n = p.numbers.length / PACKED_WIDTH;
  let i = 0;
  let idAt = 0;
  return (out) => {
    if (i >= n) return false;
    const o = i * PACKED_WIDTH;
    const x = p.numbers;
    const idLength = x[o + ID_LENGTH]!;
    out.push(p.dict[x[o + DEVICE]!], SENSOR_KINDS[x[o + KIND]!], x[o + TIMESTAMP], p.ids.slice(idAt, idAt + idLength), p.dict[x[o + TYPE_LABEL]!], Math.round(x[o + RECEIVED_AT]!));
    for (let f = 0; f < FIELD_COLUMNS.length; f++) {
      const v = x[o + FIELDS + f]!;
      out.push(Number.isNaN(v) ? null : v);
    }
    idAt += idLength;
    i++;
    return true;
  };
}

/** The buffers postMessage can move instead of copying. */
export function transferables(p: PackedGroups): ArrayBuffer[] {
  return [p.numbers.buffer as ArrayBuffer];
}
