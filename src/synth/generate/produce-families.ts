// The family chunks of a whole database in plan order, made by this thread and K - 1 worker
// threads (the same scheme as ../parallel/produce-chunks.ts for one table).
import { Worker } from "node:worker_threads";
import { ERROR_CODES, MimicError, type ErrorCode, type Issue } from "../../errors/index.js";
import type { FamilyResult } from "./family-job.js";
import type { FamilyWorkerReply, FamilyWorkerSetup } from "./family-worker.js";

export interface ProduceFamiliesOptions {
  /** Plan indices to make, in output order (a shard's run, or the whole plan). */
  units: readonly number[];
  /** Makes one family chunk in this thread. */
  local: (unit: number) => FamilyResult;
  /** What each worker thread compiles for itself; absent or workers ≤ 1: this thread alone. */
  setup?: FamilyWorkerSetup;
  workers: number;
  signal?: AbortSignal;
}

/** Family chunks each worker may have queued: one waiting while it makes another. */
const DEPTH_PER_WORKER = 1;

/**
 * A worker's young generation, in MB. V8's default (up to 3 × 16 MB semi-spaces) lets each thread
 * hold ~30 MB more garbage between scavenges; a family chunk's vectors are short-lived, so a small
 * one costs little time and keeps 2 workers under the 250 MB target (docs/benchmarks.md).
 */
const WORKER_YOUNG_GENERATION_MB = 8;

const interrupted = () => new MimicError("OUTPUT_INTERRUPTED", "Stopped before the end (interrupted); the partial output was removed.");
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Starts a worker on the compiled family-worker.js, or on the .ts source through tsx (tests, benchmarks). */
function startWorker(setup: FamilyWorkerSetup): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./family-worker.js", import.meta.url), { workerData: setup, resourceLimits });
  const entry = new URL("./family-worker.ts", import.meta.url).href;
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: setup, resourceLimits });
}

function workerFailure(reply: Extract<FamilyWorkerReply, { type: "error" }>): MimicError {
  const code = reply.code !== undefined && reply.code in ERROR_CODES ? (reply.code as ErrorCode) : "OUTPUT_WORKER_FAILED";
  const message = code === "OUTPUT_WORKER_FAILED" ? `A worker thread failed: ${reply.message}. Retry with --workers 1 and report it.` : reply.message;
  return new MimicError(code, message, { issues: Array.isArray(reply.issues) ? (reply.issues as Issue[]) : [] });
}

/**
 * Yields the family chunks in the order of `units`. This thread always makes the earliest chunk
 * nobody has taken, the workers the latest ones of a window of `workers × (depth + 1)` chunks, so
 * at most that many are held. A family chunk depends only on its plan index: the same bytes for
 * any number of workers.
 */
export async function* produceFamilies(options: ProduceFamiliesOptions): AsyncGenerator<FamilyResult> {
  const { units, local, signal } = options;
  const count = Math.min(options.workers, units.length) - 1;
  if (count <= 0 || options.setup === undefined) {
    for (const unit of units) {
      if (signal?.aborted) throw interrupted();
      yield local(unit);
      await nextTurn();
    }
    return;
  }
  const threads = Array.from({ length: count }, () => startWorker(options.setup!));
  const window = (count + 1) * (DEPTH_PER_WORKER + 1);
  const done = new Map<number, FamilyResult>();
  const taken = new Set<number>();
  const outstanding = new Array<number>(count).fill(0);
  let next = 0;
  let failure: MimicError | undefined;
  let terminated = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const windowEnd = () => Math.min(units.length, next + window);
  const dispatch = () => {
    for (let w = 0; w < count; w++) {
      for (let i = windowEnd() - 1; i >= next && outstanding[w]! < DEPTH_PER_WORKER; i--) {
        if (taken.has(i)) continue;
        taken.add(i);
        outstanding[w]!++;
        threads[w]!.postMessage(units[i]!);
      }
    }
  };
  const position = new Map(units.map((u, i) => [u, i]));
  const fail = (error: MimicError) => {
    failure ??= error;
    notify();
  };
  threads.forEach((thread, w) => {
    thread.on("message", (reply: FamilyWorkerReply) => {
      if (reply.type === "error") return fail(workerFailure(reply));
      done.set(position.get(reply.result.unit)!, reply.result);
      outstanding[w]!--;
      dispatch();
      notify();
    });
    thread.on("error", (error) =>
      fail(new MimicError("OUTPUT_WORKER_FAILED", `A worker thread failed: ${error.message}. Retry with --workers 1 and report it.`, { cause: error })),
    );
    thread.on("exit", (code) => {
      if (code !== 0 && !terminated)
        fail(new MimicError("OUTPUT_WORKER_FAILED", `A worker thread exited with code ${code}. Retry with --workers 1 and report it.`));
    });
  });
  const onAbort = () => notify();
  signal?.addEventListener("abort", onAbort);
  try {
    dispatch();
    while (next < units.length) {
      if (failure) throw failure;
      if (signal?.aborted) throw interrupted();
      const ready = done.get(next);
      if (ready) {
        done.delete(next);
        taken.delete(next);
        next++;
        dispatch();
        yield ready;
        continue;
      }
      let mine = -1;
      for (let i = next; i < windowEnd(); i++) {
        if (!taken.has(i)) {
          mine = i;
          break;
        }
      }
      if (mine < 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      taken.add(mine);
      done.set(mine, local(units[mine]!));
      await nextTurn();
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    terminated = true;
    await Promise.all(threads.map((t) => t.terminate()));
  }
}
