// Finds the exact relationships of a table: functional dependencies, arithmetic identities,
// orderings and grouped rows, each with the share of rows that keep it. Screening runs on a
// regular subsample (at most 200,000 rows); what passes is measured again on every row.
import { denseKeys, modeShare, strideRows, type Keys } from "./keys.js";
import { MIN_RELATIONSHIP_SHARE, MIN_SUPPORT_ROWS, type Arithmetic, type DetectedRelationship, type FactColumn, type Grouping } from "./relationship-types.js";

export interface DetectOptions {
  /** Columns that may hold group ids (ids repeated over a few rows). */
  groupIds?: readonly string[];
  /** Columns never considered (e.g. free text). */
  skip?: readonly string[];
}

/** Distinct values past which a column is not a determinant or a determined column. */
export const MAX_KEYS = 5000;
const SCREEN_ROWS = 200_000;
/** Number columns past which arithmetic is not looked for (the triples grow as n³). */
const MAX_ARITHMETIC_COLUMNS = 60;
/** An ordering counts only when independent columns would break it this often (else it is just disjoint ranges). */
const MIN_CHANCE_VIOLATION = 0.05;

/**
 * Every relationship the table keeps on ≥ 99% of its rows.
 *
 * @example
 * detectRelationships([{ name: "a", kind: "codes", codes, nullCode: -1 }, …], rows);
 */
export function detectRelationships(columns: readonly FactColumn[], rowCount: number, options: DetectOptions = {}): DetectedRelationship[] {
  const skip = new Set(options.skip ?? []);
  const usable = columns.filter((c) => !skip.has(c.name));
  const groupIds = new Set(options.groupIds ?? []);
  const out: DetectedRelationship[] = [];
  out.push(
    ...detectDeterminations(
      usable.filter((c) => !groupIds.has(c.name)),
      rowCount,
    ),
  );
  const arithmetic = detectArithmetic(
    usable.filter((c): c is NumberColumn => c.kind === "numbers" && !c.datetime),
    rowCount,
  );
  out.push(...arithmetic);
  const inArithmetic = arithmetic.map((a) => {
    const r = a.relationship as Arithmetic;
    return new Set([r.target, r.left, r.right]);
  });
  out.push(
    ...detectOrderings(
      usable.filter((c): c is NumberColumn => c.kind === "numbers"),
      rowCount,
      inArithmetic,
    ),
  );
  for (const id of usable.filter((c) => groupIds.has(c.name))) {
    const g = detectGroup(
      id,
      usable.filter((c) => c !== id),
      rowCount,
    );
    if (g) out.push(g);
  }
  return out;
}

type NumberColumn = Extract<FactColumn, { kind: "numbers" }>;

/** A → B where each value of A seen on ≥ 5 rows comes with one value of B on ≥ 99% of rows. */
function detectDeterminations(columns: readonly FactColumn[], rowCount: number): DetectedRelationship[] {
  const screen = strideRows(rowCount, SCREEN_ROWS);
  const scale = rowCount / screen.length;
  const keys = columns.map((c) => denseKeys(c, MAX_KEYS, screen));
  const out: DetectedRelationship[] = [];
  // Keys over every row, built only for the columns a screened candidate needs.
  const full = new Map<number, Keys | undefined>();
  const fullKeys = (i: number): Keys | undefined => {
    if (!full.has(i)) full.set(i, denseKeys(columns[i]!, MAX_KEYS * 4, identity(rowCount)));
    return full.get(i);
  };
  for (let a = 0; a < columns.length; a++) {
    const ka = keys[a];
    if (!ka || ka.size < 2 || modeShare(ka) >= MIN_RELATIONSHIP_SHARE || !wellSupported(ka, scale)) continue;
    for (let b = 0; b < columns.length; b++) {
      const kb = keys[b];
      if (a === b || !kb || kb.size < 2 || modeShare(kb) >= MIN_RELATIONSHIP_SHARE) continue;
      const screened = determination(ka, kb);
      if (screened.share < MIN_RELATIONSHIP_SHARE - (scale > 1 ? 0.005 : 0)) continue;
      let measured = screened;
      if (scale > 1) {
        const fa = fullKeys(a),
          fb = fullKeys(b);
        if (!fa || !fb) continue;
        measured = determination(fa, fb);
        if (measured.share < MIN_RELATIONSHIP_SHARE) continue;
      }
      out.push({ relationship: { type: "determines", from: columns[a]!.name, to: columns[b]!.name }, rows: measured.rows, support: measured.share });
    }
  }
  return out;
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Whether 90% of the rows lie in values seen on at least MIN_SUPPORT_ROWS rows (a near-unique column determines everything, and says nothing). */
function wellSupported(keys: Keys, scale: number): boolean {
  let total = 0,
    supported = 0;
  for (const c of keys.counts) {
    total += c;
    if (c * scale >= MIN_SUPPORT_ROWS) supported += c;
  }
  return total > 0 && supported >= 0.9 * total;
}

/** Share of rows (A present) whose B is the most common B of their A; a missing B is a value. */
function determination(a: Keys, b: Keys): { share: number; rows: number } {
  const width = b.size + 1;
  const n = a.codes.length;
  let kept = 0,
    rows = 0;
  if (a.size * width <= 1 << 22) {
    const counts = new Int32Array(a.size * width);
    for (let i = 0; i < n; i++) {
      const x = a.codes[i]!;
      if (x < 0) continue;
      rows++;
      counts[x * width + b.codes[i]! + 1]!++;
    }
    for (let x = 0; x < a.size; x++) {
      let top = 0;
      for (let y = 0; y < width; y++) if (counts[x * width + y]! > top) top = counts[x * width + y]!;
      kept += top;
    }
  } else {
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const x = a.codes[i]!;
      if (x < 0) continue;
      rows++;
      const key = x * width + b.codes[i]! + 1;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const top = new Float64Array(a.size);
    for (const [key, c] of counts) {
      const x = Math.floor(key / width);
      if (c > top[x]!) top[x] = c;
    }
    for (const t of top) kept += t;
  }
  return { share: rows === 0 ? 0 : kept / rows, rows };
}

/** Whether `t` is `v` to `places` decimal places (half a unit of the last place, and a hair for binary rounding). */
export function sameToPlaces(t: number, v: number, places: number): boolean {
  return Math.abs(t - v) <= 0.5 * 10 ** -places + 1e-9 * Math.max(1, Math.abs(t));
}

export function applyOp(op: Arithmetic["op"], a: number, b: number): number {
  return op === "+" ? a + b : op === "-" ? a - b : a * b;
}

/** `target = left op right` on ≥ 99% of the rows with all three present. */
function detectArithmetic(columns: readonly NumberColumn[], rowCount: number): DetectedRelationship[] {
  if (columns.length < 3 || columns.length > MAX_ARITHMETIC_COLUMNS) return [];
  // Operands that are almost always one value (× 1, + 0) make identities that say nothing — unless
  // the identity also holds on the rows where the operand is not that value (a cost that is zero on
  // 99.3% of rows but adds up into the total on the rest): those are sparse operands, and an
  // identity may use one of them (never as its target) when it holds on ≥ 99% of its off rows.
  const dominant = new Map(columns.map((c) => [c, dominantValue(c.values)]));
  const informative = columns.filter((c) => dominant.get(c) === undefined);
  const sparse = columns.filter((c) => {
    const d = dominant.get(c);
    return d !== undefined && offRows(c.values, d, MIN_SUPPORT_ROWS).length >= MIN_SUPPORT_ROWS;
  });
  const operands = [...informative, ...sparse];
  const screen = strideRows(rowCount, 2000);
  const out: DetectedRelationship[] = [];
  const seen = new Set<string>();
  for (const t of informative) {
    for (let l = 0; l < operands.length; l++) {
      for (let r = l; r < operands.length; r++) {
        const left = operands[l]!,
          right = operands[r]!;
        if (left === t || right === t) continue;
        const sparseOperand = [left, right].filter((c) => dominant.get(c) !== undefined);
        if (sparseOperand.length > 1) continue;
        for (const op of ["*", "+"] as const) {
          const key = [op, ...[t.name, left.name, right.name].sort()].join("\u0000");
          if (seen.has(key) || !screenArithmetic(t, left, right, op, screen)) continue;
          const measured = arithmeticShare(t, left, right, op, rowCount);
          if (measured.share < MIN_RELATIONSHIP_SHARE) continue;
          const s = sparseOperand[0];
          if (s !== undefined && arithmeticShare(t, left, right, op, rowCount, offRows(s.values, dominant.get(s)!, rowCount)).share < MIN_RELATIONSHIP_SHARE)
            continue;
          seen.add(key);
          out.push({
            relationship: { type: "arithmetic", target: t.name, op, left: left.name, right: right.name },
            rows: measured.rows,
            support: measured.share,
          });
        }
      }
    }
  }
  return out;
}

/** The value on ≥ 99% of a regular sample of the present values (NaN when none is present), else undefined. */
function dominantValue(values: Float64Array): number | undefined {
  const counts = new Map<number, number>();
  let n = 0;
  for (let i = 0; i < values.length; i += Math.max(1, Math.floor(values.length / 5000))) {
    const v = values[i]!;
    if (v !== v) continue;
    n++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  if (n === 0) return Number.NaN;
  let top = 0,
    value = 0;
  for (const [v, c] of counts) if (c > top) [top, value] = [c, v];
  return top >= MIN_RELATIONSHIP_SHARE * n ? value : undefined;
}

/** Up to `limit` rows holding a present value other than `dominant`. */
function offRows(values: Float64Array, dominant: number, limit: number): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < values.length && rows.length < limit; i++) {
    const v = values[i]!;
    if (v === v && v !== dominant) rows.push(i);
  }
  return Int32Array.from(rows);
}

/** Quick refusal: gives up at the third miss among the screening rows. */
function screenArithmetic(t: NumberColumn, l: NumberColumn, r: NumberColumn, op: Arithmetic["op"], rows: Int32Array): boolean {
  let misses = 0,
    present = 0;
  for (const i of rows) {
    const a = l.values[i]!,
      b = r.values[i]!,
      v = t.values[i]!;
    if (a !== a || b !== b || v !== v) continue;
    present++;
    if (!sameToPlaces(v, applyOp(op, a, b), t.decimals) && ++misses > 2) return false;
  }
  return present >= 10 && misses <= Math.max(2, 0.01 * present);
}

/** Share of the rows (every row, or those listed) with all three present that keep `t = l op r`. */
function arithmeticShare(
  t: NumberColumn,
  l: NumberColumn,
  r: NumberColumn,
  op: Arithmetic["op"],
  n: number,
  only?: Int32Array,
): { share: number; rows: number } {
  let kept = 0,
    rows = 0;
  const count = only ? only.length : n;
  for (let k = 0; k < count; k++) {
    const i = only ? only[k]! : k;
    const a = l.values[i]!,
      b = r.values[i]!,
      v = t.values[i]!;
    if (a !== a || b !== b || v !== v) continue;
    rows++;
    if (sameToPlaces(v, applyOp(op, a, b), t.decimals)) kept++;
  }
  return { share: rows === 0 ? 0 : kept / rows, rows };
}

/** `low ≤ high` on ≥ 99% of rows, where independent columns would break it on ≥ 5%. */
function detectOrderings(columns: readonly NumberColumn[], rowCount: number, inArithmetic: readonly Set<string>[]): DetectedRelationship[] {
  const out: DetectedRelationship[] = [];
  const screen = strideRows(rowCount, SCREEN_ROWS);
  for (let x = 0; x < columns.length; x++) {
    for (let y = x + 1; y < columns.length; y++) {
      const a = columns[x]!,
        b = columns[y]!;
      if (a.datetime !== b.datetime || inArithmetic.some((s) => s.has(a.name) && s.has(b.name))) continue;
      // Screened on the subsample, measured on every row only when it may hold.
      let found = screen.length < rowCount ? ordering(a, b, screen, 0.005) : undefined;
      if (screen.length < rowCount && !found) continue;
      found = ordering(a, b, identity(rowCount), 0);
      if (found) out.push(found);
    }
  }
  return out;
}

/** The ordering `a` and `b` keep on the given rows (with `slack` below the 99%), if any. */
function ordering(a: NumberColumn, b: NumberColumn, rowsOf: Int32Array, slack: number): DetectedRelationship | undefined {
  const n = rowsOf.length;
  const half = Math.floor(n / 2);
  let le = 0,
    ge = 0,
    eq = 0,
    rows = 0,
    chanceLe = 0,
    chanceGe = 0,
    chanceRows = 0;
  for (let k = 0; k < n; k++) {
    const i = rowsOf[k]!;
    const u = a.values[i]!,
      v = b.values[i]!;
    if (u === u && v === v) {
      rows++;
      if (u <= v) le++;
      if (u >= v) ge++;
      if (u === v) eq++;
    }
    // The same columns paired across rows: what order chance alone gives.
    const w = b.values[rowsOf[(k + half) % n]!]!;
    if (u === u && w === w) {
      chanceRows++;
      if (u <= w) chanceLe++;
      if (u >= w) chanceGe++;
    }
  }
  if (rows === 0 || chanceRows === 0 || eq > 0.5 * rows) return undefined;
  const share = MIN_RELATIONSHIP_SHARE - slack;
  // Never strict when found: no tie in the real rows says little about whether one may occur.
  if (le >= share * rows && 1 - chanceLe / chanceRows >= MIN_CHANCE_VIOLATION)
    return { relationship: { type: "order", low: a.name, high: b.name, strict: false }, rows, support: le / rows };
  if (ge >= share * rows && 1 - chanceGe / chanceRows >= MIN_CHANCE_VIOLATION)
    return { relationship: { type: "order", low: b.name, high: a.name, strict: false }, rows, support: ge / rows };
  return undefined;
}

/** Group sizes of an id column: rows per id value (−1 codes are rows without an id). */
export function groupSizes(id: FactColumn, rowCount: number): { group: Int32Array; sizes: Int32Array } | undefined {
  const keys = denseKeys(id, Number.MAX_SAFE_INTEGER, identity(rowCount));
  if (!keys) return undefined;
  return { group: keys.codes, sizes: Int32Array.from(keys.counts) };
}

/** Rows sharing an id: a group when ids repeat; which other columns have one value per group. */
function detectGroup(id: FactColumn, others: readonly FactColumn[], rowCount: number): DetectedRelationship | undefined {
  const g = groupSizes(id, rowCount);
  if (!g) return undefined;
  let multi = 0;
  for (const s of g.sizes) if (s > 1) multi += s;
  if (multi < 0.05 * rowCount) return undefined;
  const constant: string[] = [];
  for (const c of others) {
    const kept = constantShare(c, g.group, g.sizes, rowCount);
    if (kept >= MIN_RELATIONSHIP_SHARE && !chanceConstant(c, rowCount)) constant.push(c.name);
  }
  const relationship: Grouping = { type: "group", by: id.name, constant };
  return { relationship, rows: rowCount, support: 1 };
}

/** A column so dominated by one value that groups of it are constant by chance. */
function chanceConstant(c: FactColumn, rowCount: number): boolean {
  const keys = denseKeys(c, Number.MAX_SAFE_INTEGER, strideRows(rowCount, 20_000));
  return !keys || modeShare(keys) >= MIN_RELATIONSHIP_SHARE;
}

/** Share of rows in multi-row groups whose group has one value of `c` (missing counts as a value). */
export function constantShare(c: FactColumn, group: Int32Array, sizes: Int32Array, rowCount: number): number {
  const first = new Float64Array(sizes.length).fill(Number.NaN);
  const seen = new Uint8Array(sizes.length);
  const broken = new Uint8Array(sizes.length);
  for (let i = 0; i < rowCount; i++) {
    const g = group[i]!;
    if (g < 0 || sizes[g]! < 2 || broken[g]) continue;
    const v = c.kind === "numbers" ? c.values[i]! : c.codes[i] === c.nullCode ? Number.NaN : c.codes[i]!;
    if (!seen[g]) {
      seen[g] = 1;
      first[g] = v;
    } else if (!(v === first[g] || (v !== v && first[g] !== first[g]))) broken[g] = 1;
  }
  let multi = 0,
    kept = 0;
  for (let g = 0; g < sizes.length; g++) {
    if (sizes[g]! < 2) continue;
    multi += sizes[g]!;
    if (!broken[g]) kept += sizes[g]!;
  }
  return multi === 0 ? 1 : kept / multi;
}
