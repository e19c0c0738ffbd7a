// Turns the relationships a fit keeps into what the model file stores: a `determines` becomes a
// mapping between the two columns' value lists (values seen on too few rows left unmapped), a
// group its size distribution. No real row is stored: only value-to-value maps over values the
// columns already list, and counts of groups per size.
import { groupSizes, MIN_SUPPORT_ROWS, relationshipKey, type DetectedRelationship, type FactColumn, type Relationship } from "../../../analytics/relationships/index.js";
import type { ModelColumn, ModelConstraint, ModelNotice } from "../model-types.js";

/** Per row, the index of its value in the model column's `values` (−1: missing). */
export type ValueRows = (name: string) => Int32Array | undefined;

export interface BuiltConstraints {
  constraints: ModelConstraint[];
  /** What the fit report says about them (generalised mappings, relationships not kept). */
  notes: ModelNotice[];
}

export function buildConstraints(kept: readonly Relationship[], found: readonly DetectedRelationship[], columns: readonly ModelColumn[], valueRows: ValueRows, idColumn: (name: string) => FactColumn | undefined, rowCount: number): BuiltConstraints {
  const support = new Map(found.map((d) => [relationshipKey(d.relationship), d.support]));
  const byName = new Map(columns.map((c) => [c.name, c]));
  const constraints: ModelConstraint[] = [];
  const notes: ModelNotice[] = [];
  const round = (x: number): number => Math.round(x * 1e6) / 1e6;
  for (const r of kept) {
    const s = round(support.get(relationshipKey(r)) ?? 1);
    switch (r.type) {
      case "determines": {
        const from = byName.get(r.from), to = byName.get(r.to);
        const a = valueRows(r.from), b = valueRows(r.to);
        if (!from || !to || !a || !b || (from.kind !== "categorical" && from.kind !== "discrete") || (to.kind !== "categorical" && to.kind !== "discrete")) continue;
        const built = mappingOf(a, b, from.values.length, to.values.length);
        if (built.mapped === 0) {
          notes.push({ column: r.from, message: `determines ${r.to}, but every value of it is on fewer than ${MIN_SUPPORT_ROWS} rows; not kept` });
          continue;
        }
        if (built.generalised > 0) notes.push({ column: r.from, message: `determines ${r.to}; ${built.generalised} of its values, seen on fewer than ${MIN_SUPPORT_ROWS} rows, are generalised (they take the ${r.to} of the nearest well-seen value)` });
        constraints.push({ type: "determines", from: r.from, to: r.to, mapping: built.mapping, exceptions: round(built.exceptions), support: s, generalised: built.generalised });
        break;
      }
      case "arithmetic": {
        const ok = [r.target, r.left, r.right].every((n) => {
          const c = byName.get(n);
          return c !== undefined && (c.kind === "continuous" || c.kind === "discrete") && c.datetimeFormat === undefined;
        });
        if (ok) constraints.push({ ...r, exceptions: round(Math.max(0, 1 - s)), support: s });
        break;
      }
      case "order": {
        const lo = byName.get(r.low), hi = byName.get(r.high);
        if (lo?.kind === "continuous" && hi?.kind === "continuous" && (lo.datetimeFormat === undefined) === (hi.datetimeFormat === undefined)) constraints.push({ ...r, support: s });
        else notes.push({ column: r.high, message: `${r.strict ? ">" : ">="} ${r.low} on the real rows: checked by evaluate, not enforced (one side has few distinct values)` });
        break;
      }
      case "group": {
        const id = idColumn(r.by);
        const by = byName.get(r.by);
        if (!id || by?.kind !== "identifier") continue;
        const g = groupSizes(id, rowCount);
        if (!g) continue;
        const perSize = new Map<number, number>();
        for (const n of g.sizes) perSize.set(n, (perSize.get(n) ?? 0) + 1);
        const sizes = [...perSize.keys()].filter((n) => perSize.get(n)! >= MIN_SUPPORT_ROWS).sort((x, y) => x - y);
        const rare = perSize.size - sizes.length;
        if (sizes.length === 0) continue;
        if (rare > 0) notes.push({ column: r.by, message: `groups rows; ${rare} group size(s) seen in fewer than ${MIN_SUPPORT_ROWS} groups are generalised (not drawn)` });
        const total = sizes.reduce((sum, n) => sum + perSize.get(n)!, 0);
        const probabilities = sizes.map((n) => perSize.get(n)! / total);
        const constant = r.constant.filter((n) => {
          const c = byName.get(n);
          return c !== undefined && (c.kind === "continuous" || c.kind === "discrete" || c.kind === "categorical");
        });
        constraints.push({ type: "group", by: r.by, constant, sizes, probabilities: normalised(probabilities) });
        break;
      }
    }
  }
  return { constraints, notes };
}

/** Probabilities rounded for the file and summing to exactly 1 (the largest absorbs the rounding). */
function normalised(p: number[]): number[] {
  const out = p.map((x) => Math.round(x * 1e9) / 1e9);
  const top = out.indexOf(Math.max(...out));
  out[top] = out[top]! + (1 - out.reduce((s, x) => s + x, 0));
  return out;
}

function mappingOf(a: Int32Array, b: Int32Array, sizeA: number, sizeB: number): { mapping: (number | null)[]; exceptions: number; generalised: number; mapped: number } {
  const width = sizeB + 1;
  const counts = new Float64Array(sizeA * width);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (x >= 0) counts[x * width + b[i]! + 1]!++;
  }
  const mapping: (number | null)[] = [];
  let generalised = 0, kept = 0, rows = 0, mapped = 0;
  for (let x = 0; x < sizeA; x++) {
    let total = 0, top = 0, best = -1;
    for (let y = 0; y < width; y++) {
      const n = counts[x * width + y]!;
      total += n;
      if (n > top) [top, best] = [n, y - 1];
    }
    if (total > 0 && total < MIN_SUPPORT_ROWS) generalised++;
    if (total < MIN_SUPPORT_ROWS || best < 0) {
      mapping.push(null);
      continue;
    }
    mapping.push(best);
    mapped++;
    kept += top;
    rows += total;
  }
  // Generalised: a value seen on too few rows takes the mapping of its nearest well-seen neighbour
  // (in value order, or the categories' order): the rows keep a plausible mapping, and the model
  // does not say what those few rows held.
  const known = mapping.flatMap((m, x) => (m === null ? [] : [x]));
  if (known.length > 0) {
    for (let x = 0; x < mapping.length; x++) {
      if (mapping[x] !== null) continue;
      const nearest = known.reduce((best, k) => (Math.abs(k - x) < Math.abs(best - x) ? k : best), known[0]!);
      mapping[x] = mapping[nearest]!;
    }
  }
  return { mapping, exceptions: rows === 0 ? 0 : 1 - kept / rows, generalised, mapped };
}
