// Runs the SQLite store in a worker thread, so commits (CPU + fsync) and large queries never
// stall the HTTP event loop; the main thread only hands over arrays and receives results.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { MimicError, type ErrorCode, type Issue } from "../../../errors/index.js";
import { transferables, type PackedAppendReply, type PackedGroups } from "./packed-readings.js";
import type { SqliteEngine } from "./sqlite-ops.js";
import type { SerializedError, WorkerReply, WorkerRequest } from "./sqlite-worker.js";

function revive(e: SerializedError): Error {
  if (e.mimic) {
    return new MimicError(e.mimic.code as ErrorCode, e.mimic.message, {
      issues: e.mimic.issues as Issue[],
      retryable: e.mimic.retryable,
      ...(e.mimic.retryAfterMs === undefined ? {} : { retryAfterMs: e.mimic.retryAfterMs }),
    });
  }
  return Object.assign(new Error(e.message), e.code === undefined ? {} : { code: e.code });
}

/**
 * Starts the worker beside this module. Built code (`.js`) runs directly; from source (tests,
 * tsx) a small CommonJS bootstrap registers tsx inside the worker first, because loader flags
 * such as `--import tsx` do not reach worker threads.
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./sqlite-worker.js", import.meta.url), { workerData });
  // The ESM build of tsx's API sits beside the CommonJS one that require.resolve finds.
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  const entry = new URL("./sqlite-worker.ts", import.meta.url).href;
  const boot = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
}

/**
 * The SQLite engine on a worker thread. `maxGroupReadings` bounds the transactions the worker
 * forms when it merges appends that queued up behind a commit.
 */
export async function workerEngine(path: string, busyTimeoutMs: number, maxGroupReadings: number): Promise<SqliteEngine> {
  const worker = startWorker({ path, busyTimeoutMs, maxGroupReadings });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let next = 1;
  let dead: Error | undefined;
  const failAll = (err: Error) => {
    dead = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    waiting.set(0, { resolve: () => resolve(), reject });
  });
  // The worker answers everything it ran in one turn with one message.
  worker.on("message", (replies: WorkerReply[]) => {
    for (const reply of replies) {
      const w = waiting.get(reply.id);
      if (!w) continue;
      waiting.delete(reply.id);
      if (reply.ok) w.resolve(reply.value);
      else w.reject(revive(reply.error));
    }
  });
  worker.on("error", (e) => failAll(e));
  worker.on("exit", () => failAll(new Error("the SQLite worker thread exited")));
  await ready;
  // Requests made in one turn of the event loop travel in one message. Under load each HTTP
  // request's append arrives in its own callback, and a message per append cost ~5 µs of this
  // thread's time per request (postMessage was 5% of it); one per turn measured 7-11% more
  // single-reading requests/s. The worker runs them as it would have: in order, appends merged.
  let outbox: WorkerRequest[] = [];
  let outboxTransfer: ArrayBuffer[] = [];
  const post = () => {
    const requests = outbox,
      transfer = outboxTransfer;
    outbox = [];
    outboxTransfer = [];
    if (!dead) worker.postMessage(requests, transfer);
  };
  const send = <T>(op: WorkerRequest["op"], args: unknown[], transfer: ArrayBuffer[] = []): Promise<T> => {
    if (dead) return Promise.reject(dead);
    const id = next++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      if (outbox.length === 0) setImmediate(post);
      outbox.push({ id, op, args });
      outboxTransfer.push(...transfer);
    });
  };
  return {
    call: (op, ...args) => send<never>(op, args),
    // Packed readings' buffer is moved to the worker, not copied.
    appendPacked: (packed: PackedGroups) => send<PackedAppendReply>("appendPacked", [packed], transferables(packed)),
    async close() {
      if (!dead) await send("close", []);
      await worker.terminate();
    },
  };
}
