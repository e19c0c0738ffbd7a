// How well a synthetic table keeps the relationships found in a real one: per relationship, the
// share of synthetic rows that keep it, measured against the real table's own mapping (a product's
// real price, not whatever price the synthetic table happens to give it most often).
import { applyOp, constantShare, groupSizes, sameToPlaces } from "./detect-relationships.js";
import { cellKey } from "./keys.js";
import type { DetectedRelationship, FactColumn, Relationship } from "./relationship-types.js";

export interface RelationshipCheck {
  relationship: Relationship;
  /** Share of real rows that keep it. */
  real: number;
  /** Share of synthetic rows that keep it (rows where it applies). */
  synthetic: number;
  /** Synthetic rows it applies to. */
  rows: number;
}

type Table = { columns: readonly FactColumn[]; rows: number };

function column(table: Table, name: string): FactColumn {
  const c = table.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}

/**
 * Each detected relationship's share of synthetic rows that keep it. Codes must share one
 * dictionary between the tables (as evaluate's encoding does).
 *
 * @example
 * checkRelationships(detectRelationships(real.columns, real.rows), real, synthetic);
 */
export function checkRelationships(detected: readonly DetectedRelationship[], real: Table, synthetic: Table): RelationshipCheck[] {
  return detected.map(({ relationship: r, support }) => {
    const { share, rows } = keptShare(r, real, synthetic);
    return { relationship: r, real: support, synthetic: share, rows };
  });
}

function keptShare(r: Relationship, real: Table, synthetic: Table): { share: number; rows: number } {
  switch (r.type) {
    case "determines": {
      const ra = column(real, r.from), rb = column(real, r.to);
      const counts = new Map<number, Map<number, number>>();
      for (let i = 0; i < real.rows; i++) {
        const a = cellKey(ra, i);
        if (a !== a) continue;
        let m = counts.get(a);
        if (!m) counts.set(a, (m = new Map<number, number>()));
        const b = cellKey(rb, i);
        m.set(b, (m.get(b) ?? 0) + 1);
      }
      const mapping = new Map<number, number>();
      for (const [a, m] of counts) {
        let best = Number.NaN, top = -1;
        for (const [b, n] of m) if (n > top) [best, top] = [b, n];
        mapping.set(a, best);
      }
      const sa = column(synthetic, r.from), sb = column(synthetic, r.to);
      let rows = 0, kept = 0;
      for (let i = 0; i < synthetic.rows; i++) {
        const want = mapping.get(cellKey(sa, i));
        if (want === undefined) continue;
        rows++;
        const b = cellKey(sb, i);
        if (b === want || (b !== b && want !== want)) kept++;
      }
      return { share: rows === 0 ? 1 : kept / rows, rows };
    }
    case "arithmetic": {
      const t = column(synthetic, r.target), l = column(synthetic, r.left), rr = column(synthetic, r.right);
      if (t.kind !== "numbers" || l.kind !== "numbers" || rr.kind !== "numbers") return { share: 0, rows: 0 };
      let rows = 0, kept = 0;
      for (let i = 0; i < synthetic.rows; i++) {
        const a = l.values[i]!, b = rr.values[i]!, v = t.values[i]!;
        if (a !== a || b !== b || v !== v) continue;
        rows++;
        if (sameToPlaces(v, applyOp(r.op, a, b), t.decimals)) kept++;
      }
      return { share: rows === 0 ? 1 : kept / rows, rows };
    }
    case "order": {
      const lo = column(synthetic, r.low), hi = column(synthetic, r.high);
      if (lo.kind !== "numbers" || hi.kind !== "numbers") return { share: 0, rows: 0 };
      let rows = 0, kept = 0;
      for (let i = 0; i < synthetic.rows; i++) {
        const a = lo.values[i]!, b = hi.values[i]!;
        if (a !== a || b !== b) continue;
        rows++;
        if (r.strict ? a < b : a <= b) kept++;
      }
      return { share: rows === 0 ? 1 : kept / rows, rows };
    }
    case "group": {
      // A row keeps its group when the group's size is one the real table has and every
      // constant column has one value across it.
      const realSizes = groupSizes(column(real, r.by), real.rows);
      const g = groupSizes(column(synthetic, r.by), synthetic.rows);
      if (!g || !realSizes) return { share: 0, rows: 0 };
      const known = new Set(realSizes.sizes);
      const bad = new Uint8Array(g.sizes.length);
      for (let k = 0; k < g.sizes.length; k++) if (!known.has(g.sizes[k]!)) bad[k] = 1;
      for (const name of r.constant) {
        const c = column(synthetic, name);
        markBroken(c, g.group, g.sizes, synthetic.rows, bad);
      }
      let kept = 0, rows = 0;
      for (let i = 0; i < synthetic.rows; i++) {
        const k = g.group[i]!;
        if (k < 0) continue;
        rows++;
        if (!bad[k]) kept++;
      }
      return { share: rows === 0 ? 1 : kept / rows, rows };
    }
  }
}

function markBroken(c: FactColumn, group: Int32Array, sizes: Int32Array, rows: number, bad: Uint8Array): void {
  if (constantShare(c, group, sizes, rows) === 1) return;
  const first = new Float64Array(sizes.length);
  const seen = new Uint8Array(sizes.length);
  for (let i = 0; i < rows; i++) {
    const g = group[i]!;
    if (g < 0) continue;
    const v = cellKey(c, i);
    if (!seen[g]) {
      seen[g] = 1;
      first[g] = v;
    } else if (!(v === first[g] || (v !== v && first[g] !== first[g]))) bad[g] = 1;
  }
}

/**
 * The rows of a table that break a relationship (the first `limit` of them, and how many): for
 * `determines`, rows whose `to` is not the most common one of their `from`.
 */
export function breakingRows(r: Relationship, columns: readonly FactColumn[], rowCount: number, limit: number): { rows: number[]; count: number } {
  const table = { columns, rows: rowCount };
  const rows: number[] = [];
  let count = 0;
  const flag = (i: number): void => {
    count++;
    if (rows.length < limit) rows.push(i);
  };
  switch (r.type) {
    case "determines": {
      const a = column(table, r.from), b = column(table, r.to);
      const counts = new Map<number, Map<number, number>>();
      for (let i = 0; i < rowCount; i++) {
        const x = cellKey(a, i);
        if (x !== x) continue;
        let m = counts.get(x);
        if (!m) counts.set(x, (m = new Map<number, number>()));
        const y = cellKey(b, i);
        m.set(y, (m.get(y) ?? 0) + 1);
      }
      const mode = new Map<number, number>();
      for (const [x, m] of counts) {
        let best = Number.NaN, top = -1;
        for (const [y, n] of m) if (n > top) [best, top] = [y, n];
        mode.set(x, best);
      }
      for (let i = 0; i < rowCount; i++) {
        const x = cellKey(a, i);
        if (x !== x) continue;
        const y = cellKey(b, i), want = mode.get(x)!;
        if (!(y === want || (y !== y && want !== want))) flag(i);
      }
      break;
    }
    case "arithmetic": {
      const t = column(table, r.target), l = column(table, r.left), rr = column(table, r.right);
      if (t.kind !== "numbers" || l.kind !== "numbers" || rr.kind !== "numbers") break;
      for (let i = 0; i < rowCount; i++) {
        const a = l.values[i]!, b = rr.values[i]!, v = t.values[i]!;
        if (a === a && b === b && v === v && !sameToPlaces(v, applyOp(r.op, a, b), t.decimals)) flag(i);
      }
      break;
    }
    case "order": {
      const lo = column(table, r.low), hi = column(table, r.high);
      if (lo.kind !== "numbers" || hi.kind !== "numbers") break;
      for (let i = 0; i < rowCount; i++) {
        const a = lo.values[i]!, b = hi.values[i]!;
        if (a === a && b === b && !(r.strict ? a < b : a <= b)) flag(i);
      }
      break;
    }
    case "group":
      break;
  }
  return { rows, count };
}
