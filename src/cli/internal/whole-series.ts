// Readings as whole, sorted columns per (device, sensor type), for the commands that need every
// reading of a series at once (`mimic train` builds its feature matrix from them), where
// `mimic analyze` streams. The files and the store are read through analyze's streaming readers.
import type { DeviceSeries } from "../../analytics/index.js";
import { MimicError } from "../../errors/index.js";
import { checkSelectionHeld, KIND_FIELDS, streamInputFiles, type Selection } from "./analyze-input.js";
import { columnsTarget, type ReadingColumns } from "./readings-csv.js";

/** Reads and groups every --in file (CSV or Parquet) into columns per (device, kind). */
export async function readInputFiles(files: readonly string[], cwd: string): Promise<Map<string, ReadingColumns>> {
  const groups = new Map<string, ReadingColumns>();
  await streamInputFiles(files, cwd, columnsTarget(groups));
  return groups;
}

/**
 * Narrows the groups to the selection and sorts each by time. Throws ANALYZE_UNKNOWN_DEVICE for a
 * device or type the input does not hold, ANALYZE_NO_READINGS when the range leaves nothing.
 */
export function selectSeries(groups: Map<string, ReadingColumns>, sel: Selection, source: string): DeviceSeries[] {
  const all = [...groups.values()];
  checkSelectionHeld(all, sel, source);
  const chosen = all.filter((g) => (sel.devices.length === 0 || sel.devices.includes(g.device)) && (sel.kind === undefined || g.kind === sel.kind));
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
