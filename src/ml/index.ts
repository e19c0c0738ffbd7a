// Learners over arrays of readings and their honest evaluation (see README.md). No I/O: the CLI
// reads files and the store and hands columns here.
export { rowCount, takeRows, type Dataset } from "./dataset.js";
export { kFolds, randomSplit, shuffledIndices, timeFolds, timeOrder, timeSplit, type Split, type TimeSplitOptions } from "./split.js";
export { applyScaler, fitScaler, type Scaler } from "./scaler.js";
export { fitLogReg, predictLogReg, type LogRegModel, type LogRegOptions } from "./logreg.js";
export { fitRidge, predictRidge, r2Of, type RidgeModel } from "./ridge.js";
export { fitKnn, predictKnn, type KnnModel } from "./knn.js";
export { binRows, FOREST_BINS, fitForest, predictForest, type ForestModel, type ForestOptions, type ForestTree } from "./forest.js";
export { fitSvm, predictSvm, type FourierFeatures, type SvmKernel, type SvmModel, type SvmOptions } from "./svm.js";
export {
  AUTO_CANDIDATES,
  chooseModel,
  crossValidate,
  CV_FOLDS,
  CV_MAX_ROWS,
  timeSample,
  type AutoChoice,
  type Candidate,
  type CrossValidation,
  type FoldScore,
} from "./cv.js";
export { fitMajority, predictMajority, type MajorityModel } from "./baseline.js";
export { accuracyOf, classScores, confusionMatrix, evaluate, macroF1Of, type ClassScores, type Evaluation, type Interval } from "./metrics.js";
export {
  checkTrainable,
  fitPipeline,
  MAX_CLASSES,
  MIN_ROWS_PER_CLASS,
  MODEL_KINDS,
  predictPipeline,
  type Learner,
  type LearnerOptions,
  type ModelKind,
  type Pipeline,
} from "./pipeline.js";
export { honestEvaluation, seedProtocol, type HonestOptions, type HonestResult, type SeedResult } from "./protocol.js";
export { CLASSIFIER_FORMAT, CLASSIFIER_VERSION, classifierFromJson, classifierToJson, type ClassifierFile } from "./model-file.js";
export { renderTrainReport, REPORT_MATRIX_CLASSES, type TrainReportInput } from "./train-report.js";
