// Distance to closest record with SDMetrics' definition (DCRBaselineProtection /
// DCROverfittingProtection): per column, numbers differ by |a − b| / (real range) capped at 1,
// categories by 0 or 1, a null against a value by 1; a row's distance is the mean over columns.
import { binomialUpperTail } from "../../numeric/index.js";
import type { Random } from "../../random/index.js";
import { NULL, type EncodedColumn, type EncodedTable } from "./table.js";

/** The columns of a table as DCR sees them: numbers scaled by the reference range, codes as-is. */
export interface DcrSpace {
  /** Per column: true for numbers (distance |a−b|·scale capped at 1), false for categories. */
  numeric: boolean[];
  /** 1 / range of the reference column (0 when the range is 0). */
  scale: number[];
}

export function dcrSpace(reference: EncodedTable, columns: readonly number[]): DcrSpace {
  const numeric: boolean[] = [],
    scale: number[] = [];
  for (const c of columns) {
    const col = reference.columns[c]!;
    numeric.push(col.kind === "number");
    if (col.kind === "number") {
      let min = Number.POSITIVE_INFINITY,
        max = Number.NEGATIVE_INFINITY;
      for (const v of col.values) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const range = max - min;
      scale.push(range > 0 && Number.isFinite(range) ? 1 / range : 0);
    } else scale.push(0);
  }
  return { numeric, scale };
}

/** Row-major matrix of the chosen rows and columns (NaN = null for both kinds). */
export function rowMatrix(table: EncodedTable, columns: readonly number[], rows: Uint32Array): Float64Array {
  const k = columns.length;
  const out = new Float64Array(rows.length * k);
  columns.forEach((c, j) => {
    const col: EncodedColumn = table.columns[c]!;
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r]!;
      out[r * k + j] = col.kind === "number" ? col.values[i]! : col.codes[i] === NULL ? Number.NaN : col.codes[i]!;
    }
  });
  return out;
}

/**
 * For each row of `data`, the distance to the closest row of `reference` (both row-major with
 * k columns). A partial sum above the best so far stops early: same result, far less work.
 *
 * @example
 * // real [0, 10, 3, 4, 1], synthetic [5]: closest is 4, |5 − 4| / 10 = 0.1
 * closestDistances(Float64Array.of(5), Float64Array.of(0, 10, 3, 4, 1), { numeric: [true], scale: [0.1] }); // [0.1]
 */
export function closestDistances(data: Float64Array, reference: Float64Array, space: DcrSpace): Float64Array {
  const k = space.numeric.length;
  const n = data.length / k,
    m = reference.length / k;
  const out = new Float64Array(n);
  const numeric = Uint8Array.from(space.numeric, (b) => (b ? 1 : 0));
  const scale = Float64Array.from(space.scale);
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < m; r++) {
      const rb = r * k;
      let sum = 0;
      for (let j = 0; j < k && sum < best; j++) {
        sum += cellDistance(data[base + j]!, reference[rb + j]!, numeric[j] === 1, scale[j]!);
      }
      if (sum < best) {
        best = sum;
        if (best === 0) break;
      }
    }
    out[i] = best / k;
  }
  return out;
}

/**
 * One column's share of a row distance: 0 for equal values (two missing ones included), 1 for a
 * missing against a present one or different categories, and a number's scaled gap capped at 1.
 * Small enough for V8 to inline into both row loops.
 */
function cellDistance(a: number, b: number, numeric: boolean, scale: number): number {
  if (a !== a || b !== b) return a !== a && b !== b ? 0 : 1;
  if (numeric) {
    const d = Math.abs(a - b) * scale;
    return d < 1 ? d : 1;
  }
  return a === b ? 0 : 1;
}

export function median(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** min(1, median synthetic DCR / median random DCR); NaN when the random median is 0. */
export function baselineProtection(syntheticDcr: Float64Array, randomDcr: Float64Array): number {
  const r = median(randomDcr);
  return r === 0 || Number.isNaN(r) ? Number.NaN : Math.min(1, median(syntheticDcr) / r);
}

/** min(1, 2 · (1 − share of synthetic rows closer to the training data than to the holdout)). */
export function overfittingProtection(toTraining: Float64Array, toHoldout: Float64Array): { score: number; closerToTraining: number } {
  let closer = 0;
  for (let i = 0; i < toTraining.length; i++) if (toTraining[i]! < toHoldout[i]!) closer++;
  const share = toTraining.length === 0 ? 0 : closer / toTraining.length;
  return { score: Math.min(1, 2 * (1 - share)), closerToTraining: share };
}

/**
 * For each row of `data`, the rows of `reference` at its smallest distance (every one of them when
 * several tie). Same distances and pruning as `closestDistances`, except a row equal to the best so
 * far is kept too.
 */
export function nearestRows(data: Float64Array, reference: Float64Array, space: DcrSpace): Int32Array[] {
  const k = space.numeric.length;
  const n = data.length / k,
    m = reference.length / k;
  const out: Int32Array[] = [];
  const numeric = Uint8Array.from(space.numeric, (b) => (b ? 1 : 0));
  const scale = Float64Array.from(space.scale);
  const tied: number[] = [];
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let best = Number.POSITIVE_INFINITY;
    tied.length = 0;
    for (let r = 0; r < m; r++) {
      const rb = r * k;
      let sum = 0,
        j = 0;
      for (; j < k && sum <= best; j++) {
        sum += cellDistance(data[base + j]!, reference[rb + j]!, numeric[j] === 1, scale[j]!);
      }
      if (sum < best) {
        best = sum;
        tied.length = 0;
        tied.push(r);
      } else if (sum === best && j === k) tied.push(r);
    }
    out.push(Int32Array.from(tied));
  }
  return out;
}

/** SDMetrics' overfitting score from a share of rows closer to the training rows. */
const overfittingScore = (share: number): number => Math.min(1, 2 * (1 - share));

/**
 * DCR overfitting protection from each synthetic row's nearest rows in a pool whose first
 * `training` rows are training rows and the rest holdout rows: a row counts as closer to training
 * when every nearest row is a training row (a tie is not closer), as `overfittingProtection` with
 * the two distances.
 */
export function pooledOverfitting(nearest: readonly Int32Array[], isTraining: (row: number) => boolean): { score: number; closerToTraining: number } {
  let closer = 0;
  for (const rows of nearest) if (rows.length > 0 && rows.every(isTraining)) closer++;
  const share = nearest.length === 0 ? 0 : closer / nearest.length;
  return { score: overfittingScore(share), closerToTraining: share };
}

/** Label shuffles behind `overfittingNoise`'s interval. */
export const NOISE_ROUNDS = 400;

/**
 * What DCR overfitting protection a generator that learnt nothing of *which* rows were training
 * would score on these very rows: the training and holdout labels of the pool shuffled
 * `NOISE_ROUNDS` times (a permutation test — with no memorisation the labels are exchangeable).
 * Returns the 2.5% and 97.5% points of the shuffled scores and the share of shuffles scoring at
 * or below `observed` (a p-value: small means the sample leans toward its training rows beyond
 * what chance gives on this few reference rows).
 */
export function overfittingNoise(
  nearest: readonly Int32Array[],
  training: number,
  pool: number,
  observed: number,
  rng: Random,
): { low: number; high: number; pValue: number } {
  const label = new Uint8Array(pool);
  label.fill(1, 0, training);
  const scores = new Float64Array(NOISE_ROUNDS);
  let atOrBelow = 0;
  for (let round = 0; round < NOISE_ROUNDS; round++) {
    for (let i = pool - 1; i > 0; i--) {
      const j = rng.int(0, i);
      const t = label[i]!;
      label[i] = label[j]!;
      label[j] = t;
    }
    const score = pooledOverfitting(nearest, (r) => label[r] === 1).score;
    scores[round] = score;
    if (score <= observed) atOrBelow++;
  }
  scores.sort();
  const at = (p: number): number => scores[Math.min(NOISE_ROUNDS - 1, Math.floor(p * NOISE_ROUNDS))]!;
  return { low: at(0.025), high: at(0.975), pValue: atOrBelow / NOISE_ROUNDS };
}

/**
 * SDMetrics' random baseline: each column uniform over the real column's range (whole numbers
 * for whole-number columns) or over its distinct categories, with the real column's null share.
 */
export function randomBaseline(real: EncodedTable, columns: readonly number[], rows: number, rng: Random): Float64Array {
  const k = columns.length;
  const out = new Float64Array(rows * k);
  columns.forEach((c, j) => {
    const col = real.columns[c]!;
    const colRng = rng.fork("random-baseline", c);
    let nulls = 0;
    if (col.kind === "number") {
      let min = Number.POSITIVE_INFINITY,
        max = Number.NEGATIVE_INFINITY,
        integer = true;
      for (const v of col.values) {
        if (v !== v) {
          nulls++;
          continue;
        }
        if (v < min) min = v;
        if (v > max) max = v;
        if (!Number.isInteger(v)) integer = false;
      }
      const nullRate = nulls / col.values.length;
      for (let r = 0; r < rows; r++) {
        const isNull = colRng.next() < nullRate || !Number.isFinite(min);
        out[r * k + j] = isNull ? Number.NaN : integer && max - min < 2 ** 31 ? colRng.int(min, max) : min + colRng.next() * (max - min);
      }
    } else {
      const distinct = [...new Set(col.codes)].filter((v) => v !== NULL);
      for (const v of col.codes) if (v === NULL) nulls++;
      const nullRate = nulls / col.codes.length;
      for (let r = 0; r < rows; r++) {
        out[r * k + j] = colRng.next() < nullRate || distinct.length === 0 ? Number.NaN : distinct[colRng.int(0, distinct.length - 1)]!;
      }
    }
  });
  return out;
}

/** Picks `n` distinct row indices out of `total` (all of them, in order, when n ≥ total). */
export function subsample(total: number, n: number, rng: Random): Uint32Array {
  if (n >= total) return Uint32Array.from({ length: total }, (_, i) => i);
  const chosen = new Set<number>();
  while (chosen.size < n) chosen.add(rng.int(0, total - 1));
  return Uint32Array.from([...chosen].sort((a, b) => a - b));
}

/**
 * The advantage of the simplest membership-inference attack: call a real row a training member
 * when some synthetic row lies within a distance t of it. Over every t, the largest true-positive
 * rate (members so called) minus false-positive rate (held-out rows so called): 0 when synthetic
 * rows sit no closer to training rows than to unseen ones, 1 when they reveal every member.
 */
export function membershipAdvantage(memberDcr: Float64Array, outsiderDcr: Float64Array): number {
  if (memberDcr.length === 0 || outsiderDcr.length === 0) return Number.NaN;
  const a = Float64Array.from(memberDcr).sort(),
    b = Float64Array.from(outsiderDcr).sort();
  let i = 0,
    j = 0,
    best = 0;
  // Walk the thresholds in increasing order; ties move together so a threshold never splits them.
  while (i < a.length || j < b.length) {
    const t = Math.min(i < a.length ? a[i]! : Number.POSITIVE_INFINITY, j < b.length ? b[j]! : Number.POSITIVE_INFINITY);
    while (i < a.length && a[i]! <= t) i++;
    while (j < b.length && b[j]! <= t) j++;
    best = Math.max(best, i / a.length - j / b.length);
  }
  return best;
}

/** Exact copies of training rows beside copies of held-out rows, and what chance gives. */
export interface CopyChance {
  /** Synthetic rows equal to a training row and to no held-out row. */
  training: number;
  /** Synthetic rows equal to a held-out row and to no training row. */
  holdout: number;
  /** Of the training + holdout copies, how many would be training ones with nothing memorised. */
  expected: number;
  /** P(at least `training` of them by chance): small means copies lean toward training rows. */
  pValue: number;
}

/**
 * Whether a sample copies its training rows more often than chance. A generator that memorised no
 * row cannot tell training rows from held-out ones (the split was random, so the two are
 * exchangeable): a synthetic row that equals a real row of either part equals a training row with
 * probability training / (training + held-out). Rows equal to a row of both parts (a value
 * the real table repeats across the split) say nothing either way and are left out. The test is a
 * one-sided binomial tail; with few copies it cannot tell, and the p-value says so.
 *
 * @example
 * // 36 copies of 642 training rows, 3 of 161 held-out ones: chance gives 31 of the 39
 * copiesAgainstChance(trainingFlags, holdoutFlags, 642, 161); // { training: 36, holdout: 3, expected: 31.2, pValue: 0.033 }
 */
export function copiesAgainstChance(copiedTraining: Uint8Array, copiedHoldout: Uint8Array, trainingRows: number, holdoutRows: number): CopyChance {
  let training = 0,
    holdout = 0;
  for (let i = 0; i < copiedTraining.length; i++) {
    if (copiedTraining[i] === 1 && copiedHoldout[i] !== 1) training++;
    else if (copiedHoldout[i] === 1 && copiedTraining[i] !== 1) holdout++;
  }
  const share = trainingRows / (trainingRows + holdoutRows);
  const n = training + holdout;
  return { training, holdout, expected: n * share, pValue: binomialUpperTail(n, training, share) };
}
