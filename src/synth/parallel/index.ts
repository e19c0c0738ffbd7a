// Parallel generation: worker threads make whole chunks; the caller writes them in chunk order.
export { produceChunks, type ProduceChunksOptions } from "./produce-chunks.js";
export { startChunkWorkers, type ChunkWorkers, type StartChunkWorkersOptions } from "./chunk-workers.js";
export { chunkJob, type ChunkResult } from "./chunk-job.js";
export { planChunks, type ChunkPlan } from "./chunk-plan.js";
export { loadResolver, type ResolveTableSource, type SourceResolverModule } from "./source-resolver.js";
