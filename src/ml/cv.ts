// Cross-validation inside the training part, by time (rolling-origin folds), and `--model auto`:
// every candidate is cross-validated on the same folds of a time-ordered sample of the training
// part, the best macro-F1 wins, and the choice is recorded with every candidate's score. The test
// part is never looked at here: choosing on it would make its score a flattering maximum.
import { MimicError } from "../errors/index.js";
import type { Random } from "../random/index.js";
import { takeRows, type Dataset } from "./dataset.js";
import { evaluate, type Evaluation } from "./metrics.js";
import { fitPipeline, predictPipeline, type LearnerOptions, type ModelKind } from "./pipeline.js";
import { timeFolds, timeOrder } from "./split.js";

/** Most rows cross-validation and `auto` look at (the bound for choosing a model). */
export const CV_MAX_ROWS = 100_000;
export const CV_FOLDS = 3;

export interface FoldScore {
  train: number;
  test: number;
  accuracy: number;
  macroF1: number;
}

export interface CrossValidation {
  /** Rows of the time-ordered sample the folds were cut from. */
  rows: number;
  folds: FoldScore[];
  /** The folds' test predictions pooled, with 95% bootstrap intervals. */
  pooled: Evaluation;
}

/** At most `max` rows of `data`, evenly spaced in time order (so the sample spans the whole period). */
export function timeSample(data: Dataset, max: number): Dataset {
  const n = data.y.length;
  if (n <= max) return data;
  const order = timeOrder(data.times);
  const idx = new Uint32Array(max);
  for (let i = 0; i < max; i++) idx[i] = order[Math.floor((i * n) / max)]!;
  return takeRows(data, idx);
}

/** Rolling-origin cross-validation of one learner on a time-ordered sample of `data`. */
export function crossValidate(
  data: Dataset,
  kind: ModelKind,
  options: LearnerOptions & { folds?: number; gapFraction?: number },
  random: Random,
): CrossValidation {
  const sample = timeSample(data, CV_MAX_ROWS);
  const folds = options.folds ?? CV_FOLDS;
  const k = data.classes.length;
  const n = sample.y.length;
  if (n < (folds + 1) * 2 * k)
    throw new MimicError(
      "ML_TOO_FEW_ROWS",
      `The training part holds ${n} readings: too few for ${folds} time folds of ${k} classes (give at least ${(folds + 1) * 2 * k} readings, or fewer --folds).`,
    );
  const truth: number[] = [];
  const predicted: number[] = [];
  const scores: FoldScore[] = [];
  timeFolds(sample.times, folds, options.gapFraction ?? 0.02).forEach((split, f) => {
    const train = takeRows(sample, split.train);
    const test = takeRows(sample, split.test);
    if (new Set(train.y).size < 2)
      throw new MimicError(
        "ML_ONE_CLASS",
        `Time fold ${f + 1} of ${folds} trains on readings of one class only: the classes do not all start at the beginning of the period. Give a longer time range or fewer --folds.`,
      );
    const p = predictPipeline(fitPipeline(train, kind, options), test.x);
    const e = evaluate(test.y, p, k, random.fork("fold", f), 0);
    scores.push({ train: train.y.length, test: test.y.length, accuracy: e.accuracy.value, macroF1: e.macroF1.value });
    for (let i = 0; i < p.length; i++) {
      truth.push(test.y[i]!);
      predicted.push(p[i]!);
    }
  });
  return { rows: n, folds: scores, pooled: evaluate(Int32Array.from(truth), Int32Array.from(predicted), k, random.fork("pooled")) };
}

export interface Candidate {
  /** How it is shown: the kind, and the kernel of svm. */
  name: string;
  kind: ModelKind;
  options: LearnerOptions;
}

/** What `auto` tries, simplest first (a tie goes to the simpler model). */
export const AUTO_CANDIDATES: readonly Candidate[] = [
  { name: "logreg", kind: "logreg", options: {} },
  { name: "svm", kind: "svm", options: { kernel: "linear" } },
  { name: "svm (rbf)", kind: "svm", options: { kernel: "rbf" } },
  { name: "knn", kind: "knn", options: {} },
  { name: "forest", kind: "forest", options: {} },
];

export interface AutoChoice {
  chosen: Candidate;
  /** Every candidate's cross-validation, in the order tried. */
  candidates: { name: string; cv: CrossValidation }[];
  reason: string;
}

/** Cross-validates every candidate on the training part and picks the best pooled macro-F1. */
export function chooseModel(train: Dataset, options: LearnerOptions & { folds?: number; gapFraction?: number }, random: Random): AutoChoice {
  const candidates = AUTO_CANDIDATES.map((c) => ({ name: c.name, cv: crossValidate(train, c.kind, { ...options, ...c.options }, random.fork("cv", c.name)) }));
  let best = 0;
  candidates.forEach((c, i) => {
    if (c.cv.pooled.macroF1.value > candidates[best]!.cv.pooled.macroF1.value) best = i;
  });
  const chosen = AUTO_CANDIDATES[best]!;
  const f1 = (i: number): string => candidates[i]!.cv.pooled.macroF1.value.toFixed(3);
  const others = candidates
    .map((c, i) => ({ c, i }))
    .filter(({ i }) => i !== best)
    .map(({ c, i }) => `${c.name} ${f1(i)}`)
    .join(", ");
  const cv = candidates[best]!.cv;
  const reason = `${chosen.name} has the highest macro-F1 (${f1(best)}) in ${cv.folds.length} rolling time folds of ${cv.rows.toLocaleString("en-US")} training readings; ${others}`;
  return { chosen, candidates, reason };
}
