// The public entry of mimic's synthetic-data engine: `import { ... } from "mimic"`.
export { createRandom, RANDOM_STREAM_VERSION, type Random } from "./random/index.js";
export * from "./distributions/index.js";
export * from "./schema/index.js";
export { DATASETS, dataset, getDataset, listDatasets, type DatasetDefinition, type DatasetOption } from "./datasets/index.js";
export type * from "./batch.js";
export { MimicError, isMimicError, type Issue } from "../errors/index.js";
