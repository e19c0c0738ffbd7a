// Worker-thread entry of the SQLite store: owns the connection, runs one op per message, in order.
import { parentPort, workerData } from "node:worker_threads";
import { isMimicError } from "../../../errors/index.js";
import { createSqliteOps, type SqliteOps } from "./sqlite-ops.js";

export interface WorkerRequest { id: number; op: keyof SqliteOps; args: unknown[] }
export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: SerializedError };
export interface SerializedError {
  mimic?: { code: string; message: string; issues: unknown[]; retryable: boolean; retryAfterMs: number | undefined };
  message: string;
  code?: string;
}

/** Errors cross the thread boundary as data: MimicError's class does not survive cloning. */
function serialize(e: unknown): SerializedError {
  if (isMimicError(e)) return { message: e.message, mimic: { code: e.code, message: e.message, issues: [...e.issues], retryable: e.retryable, retryAfterMs: e.retryAfterMs } };
  const code = (e as { code?: unknown }).code;
  return { message: e instanceof Error ? e.message : String(e), ...(typeof code === "string" ? { code } : {}) };
}

const { path, busyTimeoutMs } = workerData as { path: string; busyTimeoutMs: number };
const port = parentPort!;
let ops: SqliteOps;
try {
  ops = createSqliteOps(path, busyTimeoutMs);
  port.postMessage({ id: 0, ok: true, value: "ready" } satisfies WorkerReply);
} catch (e) {
  port.postMessage({ id: 0, ok: false, error: serialize(e) } satisfies WorkerReply);
  process.exit(0);
}
port.on("message", (req: WorkerRequest) => {
  try {
    const value = (ops[req.op] as (...a: unknown[]) => unknown)(...req.args);
    port.postMessage({ id: req.id, ok: true, value } satisfies WorkerReply);
    if (req.op === "close") port.close();
  } catch (e) {
    port.postMessage({ id: req.id, ok: false, error: serialize(e) } satisfies WorkerReply);
  }
});
