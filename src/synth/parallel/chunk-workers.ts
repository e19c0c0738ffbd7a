import { Worker } from "node:worker_threads";
import type { OutputFormat } from "../batch.js";
import type { TableSource } from "../datasets/dataset.js";
import { ERROR_CODES, MimicError, type ErrorCode, type Issue } from "../../errors/index.js";
import type { ChunkResult } from "./chunk-job.js";
import type { ChunkRequest, WorkerReply, WorkerSetup } from "./chunk-worker.js";

export interface StartChunkWorkersOptions {
  source: TableSource;
  seed: number | string;
  /** Module exporting `resolveTableSource` (see source-resolver.ts), imported by each worker. */
  resolverUrl: string | URL;
  format: OutputFormat;
  /** Threads to start (the caller's own thread is not counted). */
  count: number;
}

/**
 * Worker threads that each compile the same table and make the chunks they are sent. Started on
 * their own, before the caller compiles the table itself, so that their start-up (a thread,
 * module loading, compiling the table) overlaps the caller's instead of following it.
 */
export interface ChunkWorkers {
  readonly count: number;
  /** Asks thread `w` for one chunk; the answer arrives through `onChunk`. */
  request(w: number, request: ChunkRequest): void;
  /** Set by the consumer: a finished chunk from thread `w`. */
  onChunk: (w: number, result: ChunkResult) => void;
  /** Set by the consumer: called when a thread fails (the first failure is kept in `failure`). */
  onFailure: () => void;
  /** The first failure of any thread, if one failed. */
  readonly failure: MimicError | undefined;
  /** Stops every thread; safe to call more than once. */
  terminate(): Promise<void>;
}

function workerFailure(reply: Extract<WorkerReply, { type: "error" }>): MimicError {
  const code = reply.code !== undefined && reply.code in ERROR_CODES ? (reply.code as ErrorCode) : "OUTPUT_WORKER_FAILED";
  const message = code === "OUTPUT_WORKER_FAILED" ? `A worker thread failed: ${reply.message}. Retry with --workers 1 and report it.` : reply.message;
  return new MimicError(code, message, { issues: Array.isArray(reply.issues) ? (reply.issues as Issue[]) : [] });
}

/**
 * Starts a worker on the compiled chunk-worker.js; when running from the TypeScript sources (tests,
 * the benchmark) it first registers tsx inside the worker so the .ts files load.
 */
function startWorker(setup: WorkerSetup): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./chunk-worker.js", import.meta.url), { workerData: setup });
  const entry = new URL("./chunk-worker.ts", import.meta.url).href;
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: setup });
}

/**
 * Starts `count` chunk workers now. Failures are recorded from the first moment, so a thread that
 * fails before anyone listens is neither lost nor an uncaught 'error' event.
 *
 * @example
 * const workers = startChunkWorkers({ source, seed: 42, resolverUrl, format: "csv", count: 1 });
 * const generator = await resolve(source, 42); // overlaps the workers' own start-up
 * for await (const chunk of produceChunks({ generator, ..., workers: 2, started: workers })) …
 */
export function startChunkWorkers(options: StartChunkWorkersOptions): ChunkWorkers {
  const setup: WorkerSetup = { resolverUrl: options.resolverUrl.toString(), source: options.source, seed: options.seed, format: options.format };
  const threads = Array.from({ length: Math.max(0, options.count) }, () => startWorker(setup));
  let terminated = false;
  const pool: ChunkWorkers & { failure: MimicError | undefined } = {
    count: threads.length,
    failure: undefined,
    onChunk: () => undefined,
    onFailure: () => undefined,
    request: (w, request) => threads[w]!.postMessage(request),
    terminate: async () => {
      terminated = true;
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
  const fail = (error: MimicError) => {
    pool.failure ??= error;
    pool.onFailure();
  };
  threads.forEach((thread, w) => {
    thread.on("message", (reply: WorkerReply) => {
      if (reply.type === "chunk") pool.onChunk(w, reply.result);
      else fail(workerFailure(reply));
    });
    thread.on("error", (error) =>
      fail(new MimicError("OUTPUT_WORKER_FAILED", `A worker thread failed: ${error.message}. Retry with --workers 1 and report it.`, { cause: error })),
    );
    thread.on("exit", (code) => {
      if (code !== 0 && !terminated)
        fail(new MimicError("OUTPUT_WORKER_FAILED", `A worker thread exited with code ${code}. Retry with --workers 1 and report it.`));
    });
  });
  return pool;
}
