// Starting a loader's connection thread: the built code (`.js`) runs directly; from source (tests,
// tsx) tsx is registered in the worker before its entry is imported. Its replies are matched to
// the requests that wait for them by id; once the thread fails, every waiting request fails with it.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** Starts `./NAME-worker.js` (or `.ts` from source) next to this file with `workerData`. */
export function startThread(name: string, workerData: unknown): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL(`./${name}-worker.js`, import.meta.url), { workerData });
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  const entry = new URL(`./${name}-worker.ts`, import.meta.url).href;
  const boot = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
}

/**
 * What a connection thread answers to the request with `id` (0: the connection is open); `spent`:
 * the buffer of a COPY's bytes, moved back for reuse.
 */
export type ThreadReply<Row> = { id: number; ok: true; rows?: Row[]; spent?: ArrayBuffer } | { id: number; ok: false; message: string };

/** The requests waiting for a thread's replies, by id, and the error it died of, if it did. */
export interface ThreadReplies<Row> {
  /** Resolves with the reply to `id`; rejects with its message, or when the thread dies. */
  wait(id: number): Promise<Row[]>;
  /** `wait`, with the buffer the reply handed back, if any. */
  waitSpent(id: number): Promise<{ rows: Row[]; spent?: ArrayBuffer }>;
  readonly dead: Error | undefined;
}

/** Follows `worker`'s replies; `what` names the connection when its thread exits ("the SQLite connection"). */
export function threadReplies<Row>(worker: Worker, what: string): ThreadReplies<Row> {
  const waiting = new Map<number, { resolve: (reply: { rows: Row[]; spent?: ArrayBuffer }) => void; reject: (e: Error) => void }>();
  let dead: Error | undefined;
  const failAll = (error: Error) => {
    dead ??= error;
    for (const w of waiting.values()) w.reject(dead);
    waiting.clear();
  };
  worker.on("message", (reply: ThreadReply<Row>) => {
    const w = waiting.get(reply.id);
    if (w === undefined) return;
    waiting.delete(reply.id);
    if (reply.ok) w.resolve({ rows: reply.rows ?? [], ...(reply.spent === undefined ? {} : { spent: reply.spent }) });
    else w.reject(new Error(reply.message));
  });
  worker.on("error", (e) => failAll(e));
  worker.on("exit", () => failAll(new Error(`${what}'s thread exited`)));
  const waitSpent = (id: number) =>
    dead !== undefined ? Promise.reject(dead) : new Promise<{ rows: Row[]; spent?: ArrayBuffer }>((resolve, reject) => waiting.set(id, { resolve, reject }));
  return {
    wait: (id) => waitSpent(id).then((reply) => reply.rows),
    waitSpent,
    get dead() {
      return dead;
    },
  };
}
