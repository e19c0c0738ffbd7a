import { Worker } from "node:worker_threads";
import type { OutputFormat, TableGenerator } from "../batch.js";
import type { TableSource } from "../datasets/dataset.js";
import { ERROR_CODES, MimicError, type ErrorCode, type Issue } from "../../errors/index.js";
import { chunkJob, type ChunkResult } from "./chunk-job.js";
import type { ChunkRequest, WorkerReply, WorkerSetup } from "./chunk-worker.js";
import { planChunks } from "./chunk-plan.js";

export interface ProduceChunksOptions {
  /** The table, already compiled in this thread (for its shape, chunk size and one-worker runs). */
  generator: TableGenerator;
  /** What workers compile for themselves: the same table as `generator`. */
  source: TableSource;
  seed: number | string;
  /** Module exporting `resolveTableSource` (see source-resolver.ts), imported by each worker. */
  resolverUrl: string | URL;
  rows: number;
  format: OutputFormat;
  /** 1 generates in this thread; K ≥ 2 starts K worker threads. */
  workers: number;
  /** Chunks each worker may have queued or finished but not yet consumed (bounds memory). */
  depthPerWorker?: number;
  signal?: AbortSignal;
}

function interrupted(): MimicError {
  return new MimicError("OUTPUT_INTERRUPTED", "Stopped before the end (interrupted); the partial output was removed.");
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
 * Yields the chunks of a table in order. With K workers, K - 1 worker threads are started and this
 * thread is the K-th: the next chunk goes to whichever thread has fewer than `depthPerWorker`
 * chunks outstanding, this thread making one whenever the chunk due next is not ready (a slower
 * or descheduled thread gets less), and at most K × depth chunks are ahead of the consumer, so memory stays bounded whatever the row
 * count. The output is the same bytes for any K because a chunk depends only on its index.
 *
 * @example
 * for await (const chunk of produceChunks({ generator, source, seed: 42, resolverUrl, rows: 1e6, format: "csv", workers: 2 })) {
 *   if ("bytes" in chunk) await writer.writeEncoded(chunk.bytes);
 * }
 */
export async function* produceChunks(options: ProduceChunksOptions): AsyncGenerator<ChunkResult> {
  const { generator, rows, format, signal } = options;
  const plan = planChunks(rows, generator.chunkSize);
  if (options.workers <= 1 || plan.count <= 1) {
    const job = chunkJob(generator, format);
    for (let k = 0; k < plan.count; k++) {
      if (signal?.aborted) throw interrupted();
      yield job(k, plan.lengthOf(k));
      // Let Ctrl-C and stream events through between chunks.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return;
  }

  // The main thread is one of the K: it only writes buffers in order, which leaves it idle most of
  // the time, so it makes chunks too and K - 1 threads are started. Each thread costs a start-up
  // (module loading, compiling the table, JIT warm-up) that one fewer thread does not pay.
  const count = Math.min(options.workers, plan.count) - 1;
  const local = chunkJob(generator, format);
  const depth = Math.max(1, options.depthPerWorker ?? 2);
  const setup: WorkerSetup = { resolverUrl: options.resolverUrl.toString(), source: options.source, seed: options.seed, format };
  const workers = Array.from({ length: count }, () => startWorker(setup));
  const done = new Map<number, ChunkResult>();
  let failure: MimicError | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const outstanding = new Array<number>(count).fill(0);
  workers.forEach((worker, w) => {
    worker.on("message", (reply: WorkerReply) => {
      if (reply.type === "chunk") {
        done.set(reply.result.chunkIndex, reply.result);
        outstanding[w]!--;
        send();
      } else failure ??= workerFailure(reply);
      notify();
    });
    worker.on("error", (error) => {
      failure ??= new MimicError("OUTPUT_WORKER_FAILED", `A worker thread failed: ${error.message}. Retry with --workers 1 and report it.`, { cause: error });
      notify();
    });
    worker.on("exit", (code) => {
      if (code !== 0) failure ??= new MimicError("OUTPUT_WORKER_FAILED", `A worker thread exited with code ${code}. Retry with --workers 1 and report it.`);
      notify();
    });
  });
  const onAbort = () => {
    failure ??= interrupted();
    notify();
  };
  signal?.addEventListener("abort", onAbort);
  if (signal?.aborted) onAbort();

  let nextToSend = 0;
  let nextToYield = 0;
  function send(): void {
    while (nextToSend < plan.count && nextToSend < nextToYield + depth * count) {
      // The least busy worker takes the next chunk.
      let w = 0;
      for (let k = 1; k < count; k++) if (outstanding[k]! < outstanding[w]!) w = k;
      if (outstanding[w]! >= depth) return;
      const request: ChunkRequest = { chunkIndex: nextToSend, length: plan.lengthOf(nextToSend) };
      workers[w]!.postMessage(request);
      outstanding[w]!++;
      nextToSend++;
    }
  }
  try {
    send();
    while (nextToYield < plan.count) {
      if (failure) throw failure;
      const ready = done.get(nextToYield);
      if (!ready) {
        if (nextToSend < plan.count && nextToSend < nextToYield + depth * (count + 1)) {
          // Waiting on a worker: make the next unassigned chunk here rather than idle.
          const k = nextToSend++;
          done.set(k, local(k, plan.lengthOf(k)));
          // Let worker replies, Ctrl-C and stream events through between chunks.
          await new Promise<void>((resolve) => setImmediate(resolve));
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      done.delete(nextToYield);
      nextToYield++;
      send();
      yield ready;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
