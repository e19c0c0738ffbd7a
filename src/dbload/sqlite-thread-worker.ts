// Worker thread entry of sqlite-thread.ts: one SQLite connection, running the requests it is sent
// one after another in the order they came, and answering each. Inserts read the column batches
// here, so turning values into SQLite's (dates as ISO text, decimals as numbers) is this thread's
// work too, not the generating thread's.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import type { ColumnBatch, TableShape } from "../synth/batch.js";
import { quoteIdent } from "./ddl.js";
import { SQLITE_MAX_PARAMETERS } from "./sqlite-settings.js";
import { columnReader } from "./row-values.js";
import type { ThreadReply } from "./start-thread.js";

/** Sent once at start (the worker's workerData). */
export interface SqliteThreadSetup {
  path: string;
  /** Rows bound to one INSERT statement (`VALUES (…), (…), …`): fewer statement runs per row. */
  rowsPerInsert: number;
}

/** Main → worker; `table` prepares the inserts of a table under `key`, `insert` runs them on a batch. */
export type SqliteThreadRequest =
  | { id: number; op: "exec"; sql: string }
  | { id: number; op: "all"; sql: string; params?: unknown[] }
  | { id: number; op: "table"; key: number; shape: TableShape }
  | { id: number; op: "insert"; key: number; batch: ColumnBatch }
  | { id: number; op: "close" };

/**
 * Worker → main; id 0 answers the opening of the database at start. Requests made in one turn of
 * the main thread's event loop travel in one message (their buffers in one transfer list).
 */
export type SqliteThreadReply = ThreadReply<unknown>;

/** The inserts of one table: several rows a statement, the batch's last few one by one. */
function tableInserter(db: Database.Database, shape: TableShape, most: number): (batch: ColumnBatch) => void {
  const width = shape.columns.length;
  const rowsPerInsert = Math.max(1, Math.min(most, Math.floor(SQLITE_MAX_PARAMETERS / width)));
  const tuple = `(${shape.columns.map(() => "?").join(", ")})`;
  const into = `INSERT INTO ${quoteIdent(shape.name)} VALUES `;
  const single = db.prepare(into + tuple);
  const multi = rowsPerInsert > 1 ? db.prepare(into + new Array<string>(rowsPerInsert).fill(tuple).join(", ")) : undefined;
  const row = new Array<unknown>(width);
  const rows = new Array<unknown>(width * rowsPerInsert);
  return (batch) => {
    const readers = batch.columns.map((v, c) => columnReader(shape.columns[c]!, v));
    let i = 0;
    if (multi !== undefined) {
      for (; i + rowsPerInsert <= batch.length; i += rowsPerInsert) {
        let k = 0;
        for (let r = i; r < i + rowsPerInsert; r++) for (let c = 0; c < width; c++) rows[k++] = readers[c]!(r);
        multi.run(rows);
      }
    }
    for (; i < batch.length; i++) {
      for (let c = 0; c < width; c++) row[c] = readers[c]!(i);
      single.run(row);
    }
  };
}

const port = parentPort;
if (port) {
  const setup = workerData as SqliteThreadSetup;
  const reply = (message: SqliteThreadReply) => port.postMessage(message);
  let db: Database.Database | undefined;
  try {
    db = new Database(setup.path);
    reply({ id: 0, ok: true });
  } catch (e) {
    reply({ id: 0, ok: false, message: (e as Error).message });
  }
  const inserters = new Map<number, (batch: ColumnBatch) => void>();
  // After a failed insert the main thread rolls back; the inserts already queued behind it are
  // refused rather than run for nothing.
  let failedInsert: string | undefined;
  const run = (request: SqliteThreadRequest): unknown[] | undefined => {
    if (db === undefined) throw new Error("the database is not open");
    switch (request.op) {
      case "exec":
        db.exec(request.sql);
        return undefined;
      case "all":
        return db.prepare(request.sql).all(...(request.params ?? []));
      case "table":
        inserters.set(request.key, tableInserter(db, request.shape, setup.rowsPerInsert));
        return undefined;
      case "insert":
        if (failedInsert !== undefined) throw new Error(`not run after an earlier insert failed (${failedInsert})`);
        try {
          inserters.get(request.key)!(request.batch);
        } catch (e) {
          failedInsert = (e as Error).message;
          throw e;
        }
        return undefined;
      case "close":
        db.close();
        db = undefined;
        return undefined;
    }
  };
  port.on("message", (requests: SqliteThreadRequest[]) => {
    for (const request of requests) {
      try {
        const rows = run(request);
        reply({ id: request.id, ok: true, ...(rows === undefined ? {} : { rows }) });
      } catch (e) {
        reply({ id: request.id, ok: false, message: (e as Error).message });
      }
    }
  });
}
