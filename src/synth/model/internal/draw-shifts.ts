// Rare categories shifted in every copula draw (`drawShifts`, internal/category-shifts.ts): a row
// whose category is a rare value has its other coordinates moved by that value's shifts, so it
// carries the value's own means (snow's cold, not the line's extreme).
import type { Model } from "../model-types.js";

/** One categorical column whose rare values move the other coordinates. */
export interface ShiftRule {
  column: string;
  /** Per value: its shifts (one per coordinate, 0 for its own) if it is rare, else undefined. */
  shifts: (Float64Array | undefined)[];
}

/**
 * The rules of a copula model: none for CART models and files before version 5. Coordinates in
 * `fixed` (those a `--where` condition bounds, whose shift the condition already applies) are
 * never moved, so every condition still holds.
 */
export function drawShiftRules(model: Model, fixed: ReadonlySet<number>): ShiftRule[] {
  if (model.method === "cart") return [];
  const index = new Map(model.copula.columns.map((n, i) => [n, i]));
  const k = model.copula.columns.length;
  const rules: ShiftRule[] = [];
  for (const c of model.columns) {
    if (c.kind !== "categorical" || !c.drawShifts || !c.shifts) continue;
    const j = index.get(c.name)!;
    if (fixed.has(j)) continue;
    const shifts: (Float64Array | undefined)[] = c.values.map(() => undefined);
    for (const v of c.drawShifts) shifts[v] = Float64Array.from({ length: k }, (_, m) => (m === j || fixed.has(m) ? 0 : c.shifts![v]![m]!));
    rules.push({ column: c.name, shifts });
  }
  return rules;
}

/**
 * Moves, in `z` (column-major, `length` rows), the rows whose value of the rule's column (`codes`,
 * as finally drawn) is rare; coordinates in `used` (already turned into values) stay as they are.
 */
export function applyDrawShifts(rule: ShiftRule, codes: Uint32Array, used: ReadonlySet<number>, z: Float64Array, length: number): void {
  for (let i = 0; i < length; i++) {
    const shift = rule.shifts[codes[i]!];
    if (!shift) continue;
    for (let m = 0; m < shift.length; m++) if (!used.has(m)) z[m * length + i]! += shift[m]!;
  }
}
