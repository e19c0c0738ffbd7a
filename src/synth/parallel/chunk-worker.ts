// Worker thread entry: compiles the same table from the same source and seed as the main thread,
// then generates and serialises the chunks it is asked for.
import { parentPort, workerData } from "node:worker_threads";
import type { OutputFormat } from "../batch.js";
import type { TableSource } from "../datasets/dataset.js";
import { isMimicError } from "../../errors/index.js";
import { chunkJob, transferablesOf } from "./chunk-job.js";
import { loadResolver } from "./source-resolver.js";

/** Sent once at start. */
export interface WorkerSetup {
  resolverUrl: string;
  source: TableSource;
  seed: number | string;
  format: OutputFormat;
}

/** Main → worker: make one chunk. */
export interface ChunkRequest {
  chunkIndex: number;
  length: number;
}

/** Worker → main: a chunk, or the failure that stopped the worker. */
export type WorkerReply = { type: "chunk"; result: import("./chunk-job.js").ChunkResult } | { type: "error"; code?: string; message: string; issues?: unknown };

const port = parentPort;
if (port) {
  const setup = workerData as WorkerSetup;
  const ready = loadResolver(setup.resolverUrl)
    .then((resolve) => resolve(setup.source, setup.seed))
    .then((generator) => chunkJob(generator, setup.format));
  port.on("message", (request: ChunkRequest) => {
    ready
      .then((job) => {
        const result = job(request.chunkIndex, request.length);
        port.postMessage({ type: "chunk", result } satisfies WorkerReply, transferablesOf(result));
      })
      .catch((error: unknown) => {
        const reply: WorkerReply = isMimicError(error)
          ? { type: "error", code: error.code, message: error.message, issues: error.issues }
          : { type: "error", message: error instanceof Error ? error.message : String(error) };
        port.postMessage(reply);
      });
  });
}
