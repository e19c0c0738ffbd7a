// Learning from a real table: read a CSV, infer column types, fit a Gaussian copula, sample it.
export { readCsvTable, type RawTable, type ReadCsvOptions } from "./internal/read-csv.js";
export { inferColumnType, COLUMN_TYPES, type ColumnOverride, type ColumnType, type InferredType } from "./infer.js";
export { parseMetadata, readMetadata, type Metadata } from "./metadata.js";
export { fitModel, type FitColumnReport, type FitResult } from "./fit.js";
export { readModel, validateModel, writeModel } from "./model-file.js";
export { modelGenerator, type SampleOptions } from "./sampler.js";
export { parseConditions, type Condition } from "./conditions.js";
export * from "./model-types.js";
export { MODEL_RESOLVER_URL, resolveTableSource } from "./model-source.js";
