import type { OutputFormat, TableGenerator } from "../batch.js";
import type { TableSource } from "../datasets/dataset.js";
import { MimicError } from "../../errors/index.js";
import { chunkJob, type ChunkResult } from "./chunk-job.js";
import { planChunks } from "./chunk-plan.js";
import { startChunkWorkers, type ChunkWorkers } from "./chunk-workers.js";

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
  /** 1 generates in this thread; K ≥ 2 uses K - 1 worker threads and this one. */
  workers: number;
  /**
   * Threads already started with `startChunkWorkers` for the same source, seed, resolver and format
   * (so their start-up overlapped the caller's). They are used instead of starting new ones, and
   * terminated at the end like those.
   */
  started?: ChunkWorkers;
  /** Chunks each worker thread may have queued (so it never waits for this thread between chunks). */
  depthPerWorker?: number;
  signal?: AbortSignal;
}

function interrupted(): MimicError {
  return new MimicError("OUTPUT_INTERRUPTED", "Stopped before the end (interrupted); the partial output was removed.");
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Yields the chunks of a table in order. With K workers, K - 1 worker threads and this thread make
 * chunks inside a window of the next `(K) × (depth + 1)` chunks due, so at most that many are held
 * and memory stays bounded whatever the row count. This thread always makes the earliest chunk
 * nobody has taken; the worker threads take the latest ones. A worker that is still starting or
 * warming up (its first chunks are several times slower than later ones) therefore works on a chunk
 * needed only later, while this thread keeps the output moving. The output is the same bytes for
 * any K because a chunk depends only on its index.
 *
 * @example
 * for await (const chunk of produceChunks({ generator, source, seed: 42, resolverUrl, rows: 1e6, format: "csv", workers: 2 })) {
 *   if ("bytes" in chunk) await writer.writeEncoded(chunk.bytes);
 * }
 */
export async function* produceChunks(options: ProduceChunksOptions): AsyncGenerator<ChunkResult> {
  const { generator, rows, format, signal } = options;
  const plan = planChunks(rows, generator.chunkSize);
  const local = chunkJob(generator, format);
  const wanted = Math.min(options.workers, plan.count) - 1;
  if (wanted <= 0) {
    await options.started?.terminate();
    for (let k = 0; k < plan.count; k++) {
      if (signal?.aborted) throw interrupted();
      yield local(k, plan.lengthOf(k));
      // Let Ctrl-C and stream events through between chunks.
      await nextTurn();
    }
    return;
  }

  const pool = options.started ?? startChunkWorkers({ source: options.source, seed: options.seed, resolverUrl: options.resolverUrl, format, count: wanted });
  const count = Math.min(pool.count, wanted);
  const depth = Math.max(1, options.depthPerWorker ?? 2);
  const window = (count + 1) * (depth + 1);
  const done = new Map<number, ChunkResult>();
  /** Chunks taken by some thread and not yet yielded. */
  const taken = new Set<number>();
  const outstanding = new Array<number>(count).fill(0);
  let nextToYield = 0;
  let aborted = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const windowEnd = () => Math.min(plan.count, nextToYield + window);

  /** Gives each worker thread the latest untaken chunks of the window, up to `depth` each. */
  function dispatch(): void {
    for (let w = 0; w < count; w++) {
      for (let k = windowEnd() - 1; k >= nextToYield && outstanding[w]! < depth; k--) {
        if (taken.has(k)) continue;
        taken.add(k);
        outstanding[w]!++;
        pool.request(w, { chunkIndex: k, length: plan.lengthOf(k) });
      }
    }
  }
  pool.onChunk = (w, result) => {
    done.set(result.chunkIndex, result);
    outstanding[w]!--;
    dispatch();
    notify();
  };
  pool.onFailure = notify;
  const onAbort = () => {
    aborted = true;
    notify();
  };
  signal?.addEventListener("abort", onAbort);
  if (signal?.aborted) onAbort();

  try {
    dispatch();
    while (nextToYield < plan.count) {
      if (pool.failure) throw pool.failure;
      if (aborted) throw interrupted();
      const ready = done.get(nextToYield);
      if (ready) {
        done.delete(nextToYield);
        taken.delete(nextToYield);
        nextToYield++;
        dispatch();
        yield ready;
        continue;
      }
      let mine = -1;
      for (let k = nextToYield; k < windowEnd(); k++) {
        if (!taken.has(k)) {
          mine = k;
          break;
        }
      }
      if (mine < 0) {
        // Everything in the window is with the workers: wait for one.
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      taken.add(mine);
      done.set(mine, local(mine, plan.lengthOf(mine)));
      // Let worker replies, Ctrl-C and stream events through between chunks.
      await nextTurn();
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await pool.terminate();
  }
}
