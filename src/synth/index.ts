// The synthetic-data engine's entry: every name the rest of mimic (and the package entry
// src/api/mimic.ts) may use from synth/. Named one by one so nothing is published by accident.
export { createRandom, RANDOM_STREAM_VERSION, type Random } from "../random/index.js";
export { type Sampler, type VectorSampler } from "./distributions/index.js";
export {
  bernoulli,
  beta,
  binomial,
  constant,
  dirichlet,
  discrete,
  empirical,
  exponential,
  gamma,
  lognormal,
  mixture,
  multivariateNormal,
  normal,
  poisson,
  triangular,
  truncatedNormal,
  uniform,
  zipf,
} from "./distributions/index.js";
export { compileSchema, defineColumn, defineSchema, defineTable, dist, loadSchemaFile, validateSchema } from "./schema/index.js";
export type { CompileOptions, CompiledTable, LoadedSchema } from "./schema/index.js";
export { DATASETS, dataset, getDataset, listDatasets, type DatasetDefinition, type DatasetOption } from "./datasets/index.js";
export type { BatchWriter, ColumnBatch, ColumnSpec, ColumnType, ColumnValues, ColumnVector, DictionaryValues, OutputFormat, TableGenerator, TableShape } from "./batch.js";
export { generate, type GenerateOptions, type GenerateResult } from "./generate/index.js";
export { formatFromPath, openWriter, type OpenWriterOptions, type TableWriter } from "./writers/index.js";
export { fit, fitModel, modelGenerator, readCsvTable, readModel, writeModel, type FitResult, type SampleOptions } from "./model/index.js";
export { evaluate, evaluateTables, renderReport, type Evaluation, type EvaluateOptions } from "./evaluate/index.js";
