// A SQLite connection on its own thread, for loads. better-sqlite3 is synchronous: on the generating
// thread every insert waited for the rows and every row for the inserts, so a load took generation
// + inserts. On its own thread the connection inserts one family chunk while the next is made.
// Requests made in one turn of the event loop (a family chunk's tables, handed over together) go
// in one message, their typed arrays moved, not copied, in one transfer list: a buffer that two
// tables of a chunk share is moved once.
import type { ColumnBatch, TableShape } from "../synth/batch.js";
import { transferablesOf } from "../synth/parallel/chunk-job.js";
import type { SqliteThreadRequest, SqliteThreadSetup } from "./sqlite-thread-worker.js";
import { startThread, threadReplies } from "./start-thread.js";

type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

/** One connection; requests run in the order they are made, each answered by its promise. */
export interface SqliteConnection {
  exec(sql: string): Promise<void>;
  all(sql: string, params?: unknown[]): Promise<unknown[]>;
  /** Prepares the inserts of a table; `insert` then takes its batches. */
  table(shape: TableShape): Promise<(batch: ColumnBatch) => Promise<void>>;
  /** Closes the database and stops the thread; never rejects. */
  end(): Promise<void>;
}

/**
 * Opens `path` on a new thread; rejects with the driver's error when it cannot. A batch given to an
 * insert is moved to the thread: the caller must not use it afterwards.
 *
 * @example
 * const db = await openSqliteThread("shop.db", { rowsPerInsert: 1 });
 * await db.exec("CREATE TABLE t (n INTEGER)");
 * const insert = await db.table({ name: "t", columns: [{ name: "n", type: "int" }] });
 * await insert({ length: 1, chunkIndex: 0, columns: [{ values: new Float64Array([7]) }] });
 * await db.end();
 */
export async function openSqliteThread(path: string, options: Omit<SqliteThreadSetup, "path">): Promise<SqliteConnection> {
  const worker = startThread("sqlite-thread", { path, ...options } satisfies SqliteThreadSetup);
  const replies = threadReplies<unknown>(worker, "the SQLite connection");
  let next = 1;
  let queued: SqliteThreadRequest[] = [];
  const transfer = new Set<ArrayBuffer>();
  const flush = () => {
    const requests = queued;
    queued = [];
    const buffers = [...transfer];
    transfer.clear();
    if (replies.dead === undefined) worker.postMessage(requests, buffers);
  };
  const request = (message: WithoutId<SqliteThreadRequest>, buffers: ArrayBuffer[] = []): Promise<unknown[]> => {
    if (replies.dead !== undefined) return Promise.reject(replies.dead);
    const id = next++;
    if (queued.length === 0) queueMicrotask(flush);
    queued.push({ ...message, id });
    for (const b of buffers) transfer.add(b);
    return replies.wait(id);
  };
  try {
    await replies.wait(0);
  } catch (e) {
    await worker.terminate();
    throw e;
  }
  let tables = 0;
  return {
    exec: async (sql) => {
      await request({ op: "exec", sql });
    },
    all: (sql, params) => request({ op: "all", sql, ...(params === undefined ? {} : { params }) }),
    async table(shape) {
      const key = tables++;
      await request({ op: "table", key, shape });
      return async (batch) => {
        await request({ op: "insert", key, batch }, transferablesOf({ chunkIndex: batch.chunkIndex, length: batch.length, batch }));
      };
    },
    async end() {
      if (replies.dead === undefined) await request({ op: "close" }).catch(() => undefined);
      await worker.terminate();
    },
  };
}
