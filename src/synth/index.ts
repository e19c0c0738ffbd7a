// The public entry of mimic's synthetic-data engine: `import { ... } from "mimic"`.
export { createRandom, RANDOM_STREAM_VERSION, type Random } from "./random/index.js";
export * from "./distributions/index.js";
export * from "./schema/index.js";
export { DATASETS, dataset, getDataset, listDatasets, type DatasetDefinition, type DatasetOption } from "./datasets/index.js";
export type * from "./batch.js";
export { MimicError, isMimicError, type Issue } from "../errors/index.js";
export { generate, type GenerateOptions, type GenerateResult } from "./generate/index.js";
export { openWriter, formatFromPath, type OpenWriterOptions, type TableWriter } from "./writers/index.js";
export { fitModel, fitModel as fit, modelGenerator, readCsvTable, readModel, writeModel, type FitResult, type SampleOptions } from "./model/index.js";
export { evaluateTables, evaluateTables as evaluate, renderReport, type Evaluation, type EvaluateOptions } from "./evaluate/index.js";
