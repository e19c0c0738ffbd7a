// Scores of a classifier on held-out rows: accuracy, macro-F1 (every class weighs the same, so a
// model cannot hide a device it never recognises behind the big ones), per-class precision and
// recall, the confusion matrix, and 95% bootstrap intervals so a reader sees how sure a score is.
import type { Random } from "../random/index.js";

/** counts[t * k + p]: rows of true class t predicted as p. */
export function confusionMatrix(truth: Int32Array, predicted: Int32Array, classes: number): Int32Array {
  const m = new Int32Array(classes * classes);
  for (let i = 0; i < truth.length; i++) m[truth[i]! * classes + predicted[i]!]!++;
  return m;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Rows of this class in the truth. */
  support: number;
}

/**
 * Per class: precision = TP/(TP+FP), recall = TP/(TP+FN), F1 their harmonic mean; a ratio whose
 * denominator is 0 is 0 (as scikit-learn's zero_division=0).
 */
export function classScores(matrix: Int32Array, classes: number): ClassScores[] {
  const out: ClassScores[] = [];
  for (let c = 0; c < classes; c++) {
    const tp = matrix[c * classes + c]!;
    let row = 0;
    let col = 0;
    for (let o = 0; o < classes; o++) {
      row += matrix[c * classes + o]!;
      col += matrix[o * classes + c]!;
    }
    const precision = col === 0 ? 0 : tp / col;
    const recall = row === 0 ? 0 : tp / row;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    out.push({ precision, recall, f1, support: row });
  }
  return out;
}

/** Share of rows on the diagonal. */
export function accuracyOf(matrix: Int32Array, classes: number): number {
  let right = 0;
  let all = 0;
  for (let t = 0; t < classes; t++) {
    for (let p = 0; p < classes; p++) {
      all += matrix[t * classes + p]!;
      if (t === p) right += matrix[t * classes + p]!;
    }
  }
  return all === 0 ? 0 : right / all;
}

/**
 * Unweighted mean F1 over the classes that occur in the truth or the predictions (scikit-learn's
 * f1_score(average="macro") with labels=None).
 */
export function macroF1Of(matrix: Int32Array, classes: number): number {
  const scores = classScores(matrix, classes);
  let sum = 0;
  let count = 0;
  for (let c = 0; c < classes; c++) {
    let predictedAs = 0;
    for (let o = 0; o < classes; o++) predictedAs += matrix[o * classes + c]!;
    if (scores[c]!.support === 0 && predictedAs === 0) continue;
    sum += scores[c]!.f1;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

export interface Interval {
  value: number;
  low: number;
  high: number;
}

export interface Evaluation {
  rows: number;
  accuracy: Interval;
  macroF1: Interval;
  /** Row-major classes × classes, truth by prediction. */
  confusion: number[];
  perClass: ClassScores[];
}

/** The q-quantile of sorted values, linear between order statistics (numpy's default). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Scores with 95% percentile-bootstrap intervals: `resamples` draws of the test rows with
 * replacement (default 1000), each scored whole; the interval is the 2.5% and 97.5% quantiles.
 */
export function evaluate(truth: Int32Array, predicted: Int32Array, classes: number, random: Random, resamples = 1000): Evaluation {
  const n = truth.length;
  const matrix = confusionMatrix(truth, predicted, classes);
  const accs = new Float64Array(resamples);
  const f1s = new Float64Array(resamples);
  const m = new Int32Array(classes * classes);
  for (let b = 0; b < resamples; b++) {
    m.fill(0);
    for (let i = 0; i < n; i++) {
      const r = random.int(0, n - 1);
      m[truth[r]! * classes + predicted[r]!]!++;
    }
    accs[b] = accuracyOf(m, classes);
    f1s[b] = macroF1Of(m, classes);
  }
  accs.sort();
  f1s.sort();
  const interval = (value: number, draws: Float64Array): Interval =>
    n === 0 || resamples === 0 ? { value, low: value, high: value } : { value, low: quantileSorted(draws, 0.025), high: quantileSorted(draws, 0.975) };
  return {
    rows: n,
    accuracy: interval(accuracyOf(matrix, classes), accs),
    macroF1: interval(macroF1Of(matrix, classes), f1s),
    confusion: Array.from(matrix),
    perClass: classScores(matrix, classes),
  };
}
