// Worker thread entry of pg-thread.ts: one PostgreSQL connection, running the requests it is sent
// one after another in the order they came, and answering each.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parentPort, workerData } from "node:worker_threads";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { ThreadReply } from "./start-thread.js";

/** Sent once at start (the worker's workerData). */
export interface PgThreadSetup {
  connectionString: string;
  connectionTimeoutMillis: number;
}

/** Main → worker. */
export type PgThreadRequest =
  { id: number; op: "query"; sql: string; params?: unknown[] } | { id: number; op: "copy"; sql: string; bytes: Uint8Array } | { id: number; op: "end" };

/** Worker → main; id 0 answers the connection made at start. */
export type PgThreadReply = ThreadReply<Record<string, unknown>>;

const port = parentPort;
if (port) {
  const setup = workerData as PgThreadSetup;
  const client = new pg.Client(setup);
  // A COPY's bytes go back with its answer (moved, not copied). This thread allocates little, so
  // it collects garbage rarely, and each chunk's buffer (MBs) would stay allocated until it did;
  // the main thread reuses it for a later chunk's bytes, or frees it.
  const answer = (id: number, work: Promise<Record<string, unknown>[] | undefined>, spent?: ArrayBuffer) =>
    work.then(
      (rows) =>
        port.postMessage(
          { id, ok: true, ...(rows === undefined ? {} : { rows }), ...(spent === undefined ? {} : { spent }) } satisfies PgThreadReply,
          spent === undefined ? [] : [spent],
        ),
      (error: unknown) => port.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies PgThreadReply),
    );
  // Requests run strictly in order (one connection, one statement at a time); a failed one does
  // not stop the next (the main thread sends ROLLBACK after a failure). Requests may come before
  // the connection is open: they wait for it, and fail with its error if it cannot be made.
  const connected = client.connect();
  let queue: Promise<unknown> = answer(
    0,
    connected.then(() => undefined),
  );
  const run = async (request: PgThreadRequest): Promise<Record<string, unknown>[] | undefined> => {
    await connected;
    if (request.op === "query") return (await client.query(request.sql, request.params)).rows as Record<string, unknown>[];
    if (request.op === "copy") {
      const { buffer, byteOffset, byteLength } = request.bytes;
      await pipeline(Readable.from([Buffer.from(buffer, byteOffset, byteLength)]), client.query(copyFrom(request.sql)));
      return undefined;
    }
    await client.end();
    return undefined;
  };
  port.on("message", (request: PgThreadRequest) => {
    const spent = request.op === "copy" && request.bytes.buffer instanceof ArrayBuffer ? request.bytes.buffer : undefined;
    queue = queue.then(() => answer(request.id, run(request), spent));
  });
}
