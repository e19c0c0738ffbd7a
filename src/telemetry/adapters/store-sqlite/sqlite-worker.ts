// Worker-thread entry of the SQLite store: owns the writing connection and runs one op per
// request, in order — except that appends queued behind each other are committed together.
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { isMimicError } from "../../../errors/index.js";
import { PACKED_WIDTH, type PackedAppendReply, type PackedGroups } from "./packed-readings.js";
import { createSqliteOps, type SqliteOps } from "./sqlite-ops.js";

/** One op and its arguments; for `appendPacked`, a single pack (`args[0]`): the worker merges. */
export interface WorkerRequest {
  id: number;
  op: keyof SqliteOps;
  args: unknown[];
}
export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };
export interface SerializedError {
  mimic?: { code: string; message: string; issues: unknown[]; retryable: boolean; retryAfterMs: number | undefined };
  message: string;
  code?: string;
}

/** Errors cross the thread boundary as data: MimicError's class does not survive cloning. */
function serialize(e: unknown): SerializedError {
  if (isMimicError(e))
    return { message: e.message, mimic: { code: e.code, message: e.message, issues: [...e.issues], retryable: e.retryable, retryAfterMs: e.retryAfterMs } };
  const code = (e as { code?: unknown }).code;
  return { message: e instanceof Error ? e.message : String(e), ...(typeof code === "string" ? { code } : {}) };
}

const { path, busyTimeoutMs, maxGroupReadings } = workerData as { path: string; busyTimeoutMs: number; maxGroupReadings: number };
const port = parentPort!;
let ops: SqliteOps;
try {
  ops = createSqliteOps(path, busyTimeoutMs);
  port.postMessage([{ id: 0, ok: true, value: "ready" }] satisfies WorkerReply[]);
} catch (e) {
  port.postMessage([{ id: 0, ok: false, error: serialize(e) }] satisfies WorkerReply[]);
  process.exit(0);
}
let transactions = 0;

const rowsOf = (req: WorkerRequest) => (req.args[0] as PackedGroups).numbers.length / PACKED_WIDTH;

/**
 * Runs the requests that arrived while the previous ones ran. A run of appends becomes one
 * transaction (one fsync) of at most `maxGroupReadings` readings — the group commit continues
 * here, so the main thread can hand over each group as it forms without waiting for the last
 * commit. Replies go back in one message, in request order.
 */
function runAll(queue: WorkerRequest[]): WorkerReply[] {
  const replies: WorkerReply[] = [];
  for (let i = 0; i < queue.length;) {
    const req = queue[i]!;
    if (req.op !== "appendPacked") {
      i++;
      try {
        replies.push({ id: req.id, ok: true, value: (ops[req.op] as (...a: unknown[]) => unknown)(...req.args) });
      } catch (e) {
        replies.push({ id: req.id, ok: false, error: serialize(e) });
      }
      continue;
    }
    let end = i + 1;
    let rows = rowsOf(req);
    while (end < queue.length && queue[end]!.op === "appendPacked" && rows + rowsOf(queue[end]!) <= maxGroupReadings) rows += rowsOf(queue[end++]!);
    const run = queue.slice(i, end);
    i = end;
    try {
      const results = ops.appendPacked(run.map((r) => r.args[0] as PackedGroups));
      transactions++;
      run.forEach((r, k) => replies.push({ id: r.id, ok: true, value: { results: results[k]!, transaction: transactions } satisfies PackedAppendReply }));
    } catch (e) {
      const error = serialize(e);
      for (const r of run) replies.push({ id: r.id, ok: false, error });
    }
  }
  return replies;
}

// Each message holds the requests the main thread made in one turn of its event loop.
port.on("message", (first: WorkerRequest[]) => {
  const queue = [...first];
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) queue.push(...(m.message as WorkerRequest[]));
  port.postMessage(runAll(queue));
  if (queue.some((r) => r.op === "close")) port.close();
});
