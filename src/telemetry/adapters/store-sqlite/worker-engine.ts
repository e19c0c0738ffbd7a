// Runs the SQLite store in a worker thread, so commits (CPU + fsync) and large queries never
// stall the HTTP event loop; the main thread only hands over arrays and receives results.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { MimicError, type ErrorCode, type Issue } from "../../../errors/index.js";
import { transferables, type PackedGroups } from "./packed-readings.js";
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
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const entry = new URL("./sqlite-worker.ts", import.meta.url).href;
  const boot = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
}

export async function workerEngine(path: string, busyTimeoutMs: number): Promise<SqliteEngine> {
  const worker = startWorker({ path, busyTimeoutMs });
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
  worker.on("message", (reply: WorkerReply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.ok) w.resolve(reply.value);
    else w.reject(revive(reply.error));
  });
  worker.on("error", (e) => failAll(e));
  worker.on("exit", () => failAll(new Error("the SQLite worker thread exited")));
  await ready;
  return {
    remote: true,
    call(op, ...args) {
      if (dead) return Promise.reject(dead);
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        // Packed readings' buffers are moved to the worker, not copied.
        const transfer = op === "appendPacked" ? transferables(args[0] as PackedGroups) : [];
        worker.postMessage({ id, op, args } satisfies WorkerRequest, transfer);
      });
    },
    async close() {
      if (!dead) {
        const id = next++;
        await new Promise((resolve, reject) => {
          waiting.set(id, { resolve, reject });
          worker.postMessage({ id, op: "close", args: [] } satisfies WorkerRequest);
        });
      }
      await worker.terminate();
    },
  };
}
