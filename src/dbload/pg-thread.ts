// A PostgreSQL connection on its own thread, for loads. Generation runs on the main thread in long
// synchronous stretches (a family chunk at a time); with the connection there too, every step of
// a COPY (sending it, its rows, reading PostgreSQL's answer) waited for the next free turn of the
// event loop, so PostgreSQL sat idle while rows were made and a load took generation + COPY. On
// its own thread the connection sends each queued COPY as soon as PostgreSQL is ready for it, and
// generation and loading overlap.
import type { PgThreadRequest, PgThreadSetup } from "./pg-thread-worker.js";
import { startThread, threadReplies } from "./start-thread.js";

type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

/** One connection; requests run in the order they are made, each answered by its promise. */
export interface PgConnection {
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /**
   * `COPY … FROM STDIN` with these bytes as its data. The bytes move to the connection's thread
   * without a copy when they own their whole buffer, or when `owned` says the caller gives up the
   * whole buffer they are part of: the caller must not use it afterwards. Resolves with that
   * buffer, moved back once the COPY is done, for reuse (undefined when the bytes were copied).
   */
  copy(sql: string, bytes: Uint8Array, owned?: boolean): Promise<ArrayBuffer | undefined>;
  /** Closes the connection and stops the thread; never rejects. */
  end(): Promise<void>;
}

/** A connection still being made: requests may be made at once, and run once it is open. */
export interface PendingPgConnection extends PgConnection {
  /** Resolves when the connection is open; rejects with the driver's error when it fails (then every request fails with it). */
  readonly connected: Promise<void>;
}

/**
 * Starts connecting on a new thread and returns at once: requests made meanwhile queue on the
 * thread and run, in order, when the connection is open. A load starts its connection this way
 * before it has made its first rows, so connecting, and the statements that create its tables,
 * overlap making them.
 *
 * @example
 * const pg = startPgThread("postgres://postgres@127.0.0.1:5432/test", 5000);
 * const created = pg.query('CREATE TEMP TABLE "t" (n int)'); // sent now, runs once connected
 * await pg.connected;
 */
export function startPgThread(connectionString: string, connectionTimeoutMillis: number): PendingPgConnection {
  const worker = startThread("pg-thread", { connectionString, connectionTimeoutMillis } satisfies PgThreadSetup);
  const replies = threadReplies<Record<string, unknown>>(worker, "the PostgreSQL connection");
  let next = 1;
  const send = (message: WithoutId<PgThreadRequest>, transfer: ArrayBuffer[] = []): Promise<{ rows: Record<string, unknown>[]; spent?: ArrayBuffer }> => {
    if (replies.dead !== undefined) return Promise.reject(replies.dead);
    const id = next++;
    const reply = replies.waitSpent(id);
    worker.postMessage({ ...message, id }, transfer);
    return reply;
  };
  const request = (message: WithoutId<PgThreadRequest>) => send(message).then((reply) => reply.rows);
  const connected = replies.wait(0).then(() => undefined);
  // Whoever asks for it sees the failure; every request made meanwhile fails with it too.
  connected.catch(() => undefined);
  return {
    connected,
    query: (sql, params) => request({ op: "query", sql, ...(params === undefined ? {} : { params }) }),
    async copy(sql, bytes, owned = false) {
      const whole = owned || (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength);
      const moved = whole && bytes.buffer instanceof ArrayBuffer;
      return (await send({ op: "copy", sql, bytes }, moved ? [bytes.buffer] : [])).spent;
    },
    async end() {
      if (replies.dead === undefined) await request({ op: "end" }).catch(() => undefined);
      await worker.terminate();
    },
  };
}

/**
 * Connects on a new thread; rejects with the driver's error when the connection fails.
 *
 * @example
 * const pg = await openPgThread("postgres://postgres@127.0.0.1:5432/test", 5000);
 * await pg.copy('COPY "t" FROM STDIN WITH (FORMAT csv)', Buffer.from("1,2\r\n"));
 * await pg.end();
 */
export async function openPgThread(connectionString: string, connectionTimeoutMillis: number): Promise<PgConnection> {
  const pg = startPgThread(connectionString, connectionTimeoutMillis);
  try {
    await pg.connected;
  } catch (e) {
    await pg.end();
    throw e;
  }
  return pg;
}
