// Utility (ML efficacy): can a model trained on the synthetic rows do the real job? A classifier
// of `mimic train` (logistic regression) learns a target from the other columns on the synthetic
// rows (TSTR) and, for reference, on the real training rows (TRTR); both are tested on the
// held-out real rows, and the ratio of their macro-F1 says how much of the real table's
// usefulness the synthetic one keeps. A number target is learnt by ridge regression on the same
// features instead, and scored by R².
import { MimicError } from "../../errors/index.js";
import { confusionMatrix, fitPipeline, fitRidge, macroF1Of, predictPipeline, predictRidge, r2Of, type Dataset } from "../../ml/index.js";
import type { Random } from "../../random/index.js";
import { subsample } from "./privacy.js";
import type { ColumnInfo, EncodedTable } from "./table.js";

/** Rows each learner trains and is tested on at most (a regular subsample beyond): utility in seconds on 1M-row tables. */
export const UTILITY_ROWS = 20_000;
/** A column with more values than this is no classification target (and is one-hot encoded as its most common values). */
export const MAX_TARGET_CLASSES = 20;

/** Ridge penalty on standardised features: small beside thousands of rows, enough to keep one-hot columns that sum to 1 solvable. */
export const UTILITY_RIDGE_LAMBDA = 1;

export interface UtilityScore {
  target: string;
  /** logreg and macro-F1 for a category target; ridge and R² for a number (or date). */
  learner: "logreg" | "ridge";
  metric: "macroF1" | "r2";
  /** The metric on the held-out real rows of the learner trained on real rows (TRTR) and on synthetic rows (TSTR). */
  trtr: number;
  tstr: number;
  /** tstr / trtr (1: the synthetic rows serve as well as the real ones). */
  ratio: number;
  trainRows: number;
  testRows: number;
}

/** A category target's held-out classes and each learner's predictions of them (undefined: a learner with one class to learn). */
export interface TargetPredictions {
  target: string;
  classes: number;
  truth: Int32Array;
  trtr: Int32Array | undefined;
  /** One per synthetic table, in order. */
  tstr: (Int32Array | undefined)[];
}

interface Encoder {
  features: string[];
  encode(table: EncodedTable, row: number, out: Float64Array, at: number): void;
}

/** Features from every compared column but the target: numbers as they are (missing → the real mean), categories one-hot. */
function encoder(info: readonly ColumnInfo[], real: EncodedTable, target: number): Encoder {
  const parts: ((t: EncodedTable, row: number, out: Float64Array, at: number) => void)[] = [];
  const features: string[] = [];
  info.forEach((c, i) => {
    if (i === target || c.sdtype === "id" || c.sdtype === "other") return;
    const col = real.columns[i]!;
    const offset = features.length;
    if (col.kind === "number") {
      let sum = 0,
        n = 0;
      for (const v of col.values)
        if (v === v) {
          sum += v;
          n++;
        }
      const mean = n > 0 ? sum / n : 0;
      features.push(c.name);
      parts.push((t, row, out, at) => {
        const v = (t.columns[i] as { values: Float64Array }).values[row]!;
        out[at + offset] = v === v ? v : mean;
      });
    } else {
      const counts = new Map<number, number>();
      for (const code of col.codes) if (code >= 0) counts.set(code, (counts.get(code) ?? 0) + 1);
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_TARGET_CLASSES);
      const slot = new Map(top.map(([code], k) => [code, k]));
      for (const [code] of top) features.push(`${c.name}=${code}`);
      parts.push((t, row, out, at) => {
        const k = slot.get((t.columns[i] as { codes: Int32Array }).codes[row]!);
        if (k !== undefined) out[at + offset + k] = 1;
      });
    }
  });
  return { features, encode: (t, row, out, at) => parts.forEach((p) => p(t, row, out, at)) };
}

function dataset(table: EncodedTable, target: number, classOf: Map<number, number>, classes: string[], enc: Encoder, rng: Random): Dataset {
  const codes = (table.columns[target] as { codes: Int32Array }).codes;
  const rows = [...subsample(table.rows, UTILITY_ROWS, rng)].filter((r) => classOf.has(codes[r]!));
  const d = enc.features.length;
  const x = new Float64Array(rows.length * d);
  rows.forEach((r, k) => enc.encode(table, r, x, k * d));
  return { features: enc.features, classes, x, y: Int32Array.from(rows, (r) => classOf.get(codes[r]!)!), times: new Float64Array(rows.length) };
}

/** The columns `evaluate` uses as targets without `--target`: categories with 2–20 values in the real rows. */
export function defaultTargets(info: readonly ColumnInfo[], real: EncodedTable): string[] {
  return info.filter((c, i) => classCount(real, i) >= 2 && classCount(real, i) <= MAX_TARGET_CLASSES && c.sdtype !== "id").map((c) => c.name);
}

function classCount(table: EncodedTable, i: number): number {
  const col = table.columns[i]!;
  if (col.kind !== "code") return 0;
  const seen = new Set<number>();
  for (const c of col.codes) if (c >= 0) seen.add(c);
  return seen.size;
}

/**
 * TSTR against TRTR for each target. Throws EVAL_BAD_TARGET for a target that is not a column or
 * has a single value in the real rows.
 */
export function utilityScores(
  info: readonly ColumnInfo[],
  real: EncodedTable,
  synthetic: EncodedTable,
  holdout: EncodedTable,
  targets: readonly string[],
  rng: Random,
): UtilityScore[] {
  return utilityScoresOfEach(info, real, [synthetic], holdout, targets, rng)[0]!;
}

/**
 * `utilityScores` of several synthetic tables against the same real and held-out rows: each
 * target's TRTR learner is fitted once and shared (for `fit --method auto`, which weighs two
 * samples). One list per synthetic table, each as `utilityScores` gives it for that table alone.
 */
export function utilityScoresOfEach(
  info: readonly ColumnInfo[],
  real: EncodedTable,
  synthetics: readonly EncodedTable[],
  holdout: EncodedTable,
  targets: readonly string[],
  rng: Random,
  onPredictions?: (p: TargetPredictions) => void,
): UtilityScore[][] {
  const byTarget = targets.map((name) => {
    const target = info.findIndex((c) => c.name === name);
    if (target < 0)
      throw new MimicError(
        "EVAL_BAD_TARGET",
        `--target ${JSON.stringify(name)} is not a column of the real table; columns: ${info.map((c) => c.name).join(", ")}.`,
      );
    const col = real.columns[target]!;
    if (col.kind !== "code") return regressionScores(info, real, synthetics, holdout, target, rng.fork("utility", name));
    const present = [...new Set(col.codes)].filter((c) => c >= 0).sort((a, b) => a - b);
    if (present.length < 2)
      throw new MimicError(
        "EVAL_BAD_TARGET",
        `--target ${name} has ${present.length === 0 ? "no value" : "a single value"} in the real rows; a classifier needs at least two.`,
      );
    const classOf = new Map(present.map((c, k) => [c, k]));
    const classes = present.map(String);
    const enc = encoder(info, real, target);
    const r = rng.fork("utility", name);
    const test = dataset(holdout, target, classOf, classes, enc, r.fork("test"));
    const realTrain = dataset(real, target, classOf, classes, enc, r.fork("real"));
    // Standardised once by the real training rows (a feature constant there is left at 0), so
    // both learners see the same scale and a one-hot column one table lacks is no error.
    const standardise = standardiser(realTrain);
    // A learner that cannot be fitted (one class) scores 0: its predictions are left undefined.
    const predict = (train: Dataset): Int32Array | undefined => {
      if (new Set(train.y).size < 2 || test.y.length === 0) return undefined;
      const p = fitPipeline({ ...train, x: standardise(train.x) }, "logreg", { scale: false });
      return predictPipeline(p, standardise(test.x));
    };
    const score = (predicted: Int32Array | undefined): number =>
      predicted === undefined ? 0 : macroF1Of(confusionMatrix(test.y, predicted, classes.length), classes.length);
    const realPredicted = predict(realTrain);
    const synthPredicted = synthetics.map((synthetic) => predict(dataset(synthetic, target, classOf, classes, enc, r.fork("synthetic"))));
    onPredictions?.({ target: name, classes: classes.length, truth: test.y, trtr: realPredicted, tstr: synthPredicted });
    const trtr = score(realPredicted);
    return synthPredicted.map((predicted): UtilityScore => {
      const tstr = score(predicted);
      return {
        target: name,
        learner: "logreg",
        metric: "macroF1",
        trtr,
        tstr,
        ratio: trtr > 0 ? tstr / trtr : Number.NaN,
        trainRows: realTrain.y.length,
        testRows: test.y.length,
      };
    });
  });
  return synthetics.map((_, k) => byTarget.map((scores) => scores[k]!));
}

/** Scales every feature by the mean and spread it has in `data` (a constant feature becomes 0). */
function standardiser(data: Dataset): (x: Float64Array) => Float64Array {
  const d = data.features.length;
  const n = data.y.length;
  const mean = new Float64Array(d),
    sd = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data.x[i * d + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sd[j]! += (data.x[i * d + j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]!);
  return (x) => {
    const out = new Float64Array(x.length);
    for (let i = 0; i < out.length; i++) {
      const j = i % d;
      out[i] = sd[j]! > 0 ? (x[i]! - mean[j]!) / sd[j]! : 0;
    }
    return out;
  };
}

/** Rows of `table` (a subsample) whose number target is present, with their features and target. */
function numberRows(table: EncodedTable, target: number, enc: Encoder, rng: Random): { x: Float64Array; y: Float64Array; d: number } {
  const values = (table.columns[target] as { values: Float64Array }).values;
  const rows = [...subsample(table.rows, UTILITY_ROWS, rng)].filter((r) => values[r] === values[r]);
  const d = enc.features.length;
  const x = new Float64Array(rows.length * d);
  rows.forEach((r, k) => enc.encode(table, r, x, k * d));
  return { x, y: Float64Array.from(rows, (r) => values[r]!), d };
}

/** TSTR against TRTR for a number target, per synthetic table: ridge regression, R² on the held-out real rows. */
function regressionScores(
  info: readonly ColumnInfo[],
  real: EncodedTable,
  synthetics: readonly EncodedTable[],
  holdout: EncodedTable,
  target: number,
  r: Random,
): UtilityScore[] {
  const name = info[target]!.name;
  const enc = encoder(info, real, target);
  const realTrain = numberRows(real, target, enc, r.fork("real"));
  const distinct = new Set(realTrain.y);
  if (distinct.size < 2)
    throw new MimicError(
      "EVAL_BAD_TARGET",
      `--target ${name} has ${distinct.size === 0 ? "no value" : "a single value"} in the real rows; a regression needs at least two.`,
    );
  const test = numberRows(holdout, target, enc, r.fork("test"));
  const standardise = standardiser({ features: enc.features, classes: [], x: realTrain.x, y: new Int32Array(realTrain.y.length), times: new Float64Array(0) });
  const score = (train: { x: Float64Array; y: Float64Array; d: number }): number => {
    if (train.y.length === 0 || test.y.length < 2) return Number.NaN;
    const m = fitRidge(standardise(train.x), train.y, train.d, UTILITY_RIDGE_LAMBDA);
    return r2Of(test.y, predictRidge(m, standardise(test.x)));
  };
  const trtr = score(realTrain);
  return synthetics.map((synthetic) => {
    const tstr = score(numberRows(synthetic, target, enc, r.fork("synthetic")));
    // A real model that explains nothing (R² ≤ 0) gives no ratio to read.
    return {
      target: name,
      learner: "ridge",
      metric: "r2",
      trtr,
      tstr,
      ratio: trtr > 0 ? tstr / trtr : Number.NaN,
      trainRows: realTrain.y.length,
      testRows: test.y.length,
    };
  });
}
