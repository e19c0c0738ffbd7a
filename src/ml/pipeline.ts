// A classifier as it is trained, saved and used: the features it reads, the scaler fitted on its
// training rows, and the learner. The checks here are the bad inputs every learner shares.
import { MimicError } from "../errors/index.js";
import { fitMajority, predictMajority, type MajorityModel } from "./baseline.js";
import type { Dataset } from "./dataset.js";
import { createRandom } from "../random/index.js";
import { fitForest, predictForest, type ForestModel } from "./forest.js";
import { fitKnn, predictKnn, type KnnModel } from "./knn.js";
import { fitLogReg, predictLogReg, type LogRegModel } from "./logreg.js";
import { applyScaler, fitScaler, type Scaler } from "./scaler.js";
import { fitSvm, predictSvm, type SvmKernel, type SvmModel } from "./svm.js";

export const MODEL_KINDS = ["logreg", "forest", "knn", "svm"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Most classes a target may have: beyond this a label is an identifier, not a class. */
export const MAX_CLASSES = 1000;
/** Fewest training readings per class (on average) for a classifier to have something to learn. */
export const MIN_ROWS_PER_CLASS = 5;

export interface LearnerOptions {
  /** Neighbours of kNN; default 5. */
  k?: number;
  /** L2 penalty of logreg and svm; default 1e-4. */
  lambda?: number;
  /** Trees of the forest; default 100. */
  trees?: number;
  /** Deepest level of the forest's trees; default 8. */
  depth?: number;
  /** Kernel of svm; default linear. */
  kernel?: SvmKernel;
  /** Seed of the learners that draw (forest's bootstrap, svm's row order and random features); default 42. */
  seed?: number | string;
  /** Standardise the features (default true; false only to reproduce the seed's protocol). */
  scale?: boolean;
}

export type Learner = LogRegModel | ForestModel | KnnModel | SvmModel | MajorityModel;

export interface Pipeline {
  features: string[];
  classes: string[];
  scaler: Scaler | null;
  model: Learner;
}

/** Throws the shared bad-input errors for a training set: too few rows, one class, too many classes. */
export function checkTrainable(data: Dataset, part = "the data"): void {
  const n = data.y.length;
  const k = data.classes.length;
  if (k > MAX_CLASSES)
    throw new MimicError(
      "ML_TOO_MANY_CLASSES",
      `The target has ${k.toLocaleString("en-US")} classes; at most ${MAX_CLASSES} can be learned. Pick a coarser target (a room, a device type) or fewer devices.`,
    );
  const seen = new Set<number>();
  for (const c of data.y) seen.add(c);
  if (n < 2 * Math.max(2, k))
    throw new MimicError(
      "ML_TOO_FEW_ROWS",
      `${part} holds ${n} usable readings for ${k} classes; give at least ${2 * Math.max(2, k)} (readings with a missing feature are dropped).`,
    );
  if (seen.size < 2)
    throw new MimicError(
      "ML_ONE_CLASS",
      `${part} holds one class only ("${data.classes[[...seen][0] ?? 0]}"); a classifier needs readings of at least two. Give more devices, or a longer time range so the training part holds them all.`,
    );
  if (n < MIN_ROWS_PER_CLASS * k)
    throw new MimicError(
      "ML_TOO_MANY_CLASSES",
      `${part} holds ${n} readings for ${k} classes, fewer than ${MIN_ROWS_PER_CLASS} per class; give more readings or a coarser target.`,
    );
}

/** Fits scaler and learner on the rows of `data`. */
export function fitPipeline(data: Dataset, kind: ModelKind | "majority", options: LearnerOptions = {}): Pipeline {
  const k = data.classes.length;
  const scaler = options.scale === false || kind === "majority" ? null : fitScaler(data.x, data.features);
  const x = scaler ? applyScaler(scaler, data.x) : data.x;
  const random = createRandom(options.seed ?? 42).fork("learner", kind);
  const lambda = options.lambda !== undefined ? { lambda: options.lambda } : {};
  let model: Learner;
  switch (kind) {
    case "logreg":
      model = fitLogReg(x, data.y, k, lambda);
      break;
    case "forest":
      model = fitForest(x, data.y, k, random, { trees: options.trees ?? 100, depth: options.depth ?? 8 });
      break;
    case "knn":
      model = fitKnn(x, data.y, k, options.k ?? 5);
      break;
    case "svm":
      model = fitSvm(x, data.y, k, random, { ...lambda, kernel: options.kernel ?? "linear" });
      break;
    case "majority":
      model = fitMajority(data.y, k);
  }
  return { features: [...data.features], classes: [...data.classes], scaler, model };
}

/** Class indices for rows laid out as the pipeline's features (row-major). */
export function predictPipeline(p: Pipeline, x: Float64Array): Int32Array {
  const rows = p.features.length === 0 ? 0 : x.length / p.features.length;
  const z = p.scaler ? applyScaler(p.scaler, x) : x;
  switch (p.model.kind) {
    case "logreg":
      return predictLogReg(p.model, z);
    case "forest":
      return predictForest(p.model, z);
    case "knn":
      return predictKnn(p.model, z);
    case "svm":
      return predictSvm(p.model, z);
    case "majority":
      return predictMajority(p.model, rows);
  }
}
