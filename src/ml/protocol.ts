// The two protocols `mimic train` reports side by side. The honest one: split by time with a gap,
// scale inside the pipeline (fitted on training rows), score the later readings with bootstrap
// intervals, beside the majority-class baseline. The seed's: a shuffled split, no scaling, and
// cross-validation run on the test split itself — shown so a user sees how much of its 1.00 was
// leakage from near-duplicate neighbouring readings.
import { MimicError } from "../errors/index.js";
import type { Random } from "../random/index.js";
import { takeRows, type Dataset } from "./dataset.js";
import { evaluate, accuracyOf, confusionMatrix, type Evaluation } from "./metrics.js";
import { checkTrainable, fitPipeline, predictPipeline, type LearnerOptions, type ModelKind, type Pipeline } from "./pipeline.js";
import { kFolds, randomSplit, timeSplit, type TimeSplitOptions } from "./split.js";
import { chooseModel, crossValidate, type AutoChoice, type CrossValidation } from "./cv.js";

export interface HonestResult {
  split: { train: number; gap: number; test: number; trainFrom: number; trainTo: number; testFrom: number; testTo: number };
  /** The learner fitted and scored (auto's choice when asked for auto). */
  kind: ModelKind;
  /** Its options (auto's choice adds the kernel of svm). */
  options: LearnerOptions;
  /** Rolling time folds inside the training part (never the test part). */
  cv: CrossValidation;
  /** What `auto` tried and why it chose; null when a model was named. */
  auto: AutoChoice | null;
  model: Evaluation;
  baseline: Evaluation;
  /** The pipeline fitted on the training part: the one scored, and the one saved. */
  pipeline: Pipeline;
}

function span(times: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of times) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return [lo, hi];
}

export type HonestOptions = LearnerOptions & TimeSplitOptions & { folds?: number };

/**
 * Time split; cross-validate by time folds inside the earlier part (and for `auto`, choose the
 * learner there); fit on the whole earlier part; score it and the baseline on the later part.
 */
export function honestEvaluation(data: Dataset, asked: ModelKind | "auto", options: HonestOptions, random: Random): HonestResult {
  checkTrainable(data);
  const split = timeSplit(data.times, options);
  const train = takeRows(data, split.train);
  const test = takeRows(data, split.test);
  checkTrainable(train, "The training part (the earlier readings)");
  if (test.y.length === 0)
    throw new MimicError("ML_TOO_FEW_ROWS", `The test part (the latest readings) is empty; give more readings or a larger --test-fraction.`);
  const auto = asked === "auto" ? chooseModel(train, options, random.fork("auto")) : null;
  const kind = auto ? auto.chosen.kind : (asked as ModelKind);
  const learnerOptions = auto ? { ...options, ...auto.chosen.options } : options;
  const cv = auto ? auto.candidates.find((c) => c.name === auto.chosen.name)!.cv : crossValidate(train, kind, options, random.fork("cv"));
  const pipeline = fitPipeline(train, kind, learnerOptions);
  const k = data.classes.length;
  const model = evaluate(test.y, predictPipeline(pipeline, test.x), k, random.fork("bootstrap", "model"));
  const baseline = evaluate(test.y, predictPipeline(fitPipeline(train, "majority"), test.x), k, random.fork("bootstrap", "baseline"));
  const [trainFrom, trainTo] = span(train.times);
  const [testFrom, testTo] = span(test.times);
  return {
    split: { train: train.y.length, gap: data.y.length - train.y.length - test.y.length, test: test.y.length, trainFrom, trainTo, testFrom, testTo },
    kind,
    options: learnerOptions,
    cv,
    auto,
    model,
    baseline,
    pipeline,
  };
}

export interface SeedResult {
  /** Accuracy on a shuffled 25% test split, unscaled features. */
  randomSplitAccuracy: number;
  /** Mean accuracy of 5-fold cross-validation run inside the test split (the seed's report). */
  testSplitCvAccuracy: number;
  folds: number[];
}

/** The seed's protocol, reproduced: shuffled split, no scaling, cross-validation on the test split. */
export function seedProtocol(data: Dataset, kind: ModelKind, options: LearnerOptions, random: Random): SeedResult {
  const k = data.classes.length;
  const split = randomSplit(data.y.length, 0.25, random.fork("seed-split"));
  const train = takeRows(data, split.train);
  const test = takeRows(data, split.test);
  const unscaled = { ...options, scale: false };
  const score = (fitOn: Dataset, scoreOn: Dataset): number =>
    accuracyOf(confusionMatrix(scoreOn.y, predictPipeline(fitPipeline(fitOn, kind, unscaled), scoreOn.x), k), k);
  const randomSplitAccuracy = score(train, test);
  const folds = kFolds(test.y.length, Math.min(5, test.y.length), random.fork("seed-cv")).map((f) => score(takeRows(test, f.train), takeRows(test, f.test)));
  return { randomSplitAccuracy, testSplitCvAccuracy: folds.reduce((a, b) => a + b, 0) / Math.max(1, folds.length), folds };
}
