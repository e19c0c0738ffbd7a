// Loading into SQLite: one transaction, one prepared INSERT per table run row by row (SQLite's fast
// path: no network, so batching statements buys nothing over a prepared loop), foreign keys
// checked once at the end with PRAGMA foreign_key_check, and a rollback on any failure.
import { existsSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import type { BatchWriter, ColumnBatch, TableShape } from "../synth/batch.js";
import type { CompiledDatabase } from "../synth/schema/index.js";
import { MimicError } from "../errors/index.js";
import { createTable, quoteIdent, tablesInLoadOrder } from "./ddl.js";
import { columnReader } from "./row-values.js";
import type { DatabaseTarget } from "./target.js";

export function openSqlite(path: string, database: CompiledDatabase, replace: boolean): DatabaseTarget {
  const existed = existsSync(path);
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (e) {
    throw new MimicError("DATABASE_UNREACHABLE", `cannot open SQLite database "${path}": ${(e as Error).message}; check the folder exists and is writable.`, {
      cause: e,
    });
  }
  const names = database.tables.map((t) => t.name);
  const present = (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (${names.map(() => "?").join(", ")})`).all(...names) as { name: string }[]
  ).map((r) => r.name);
  if (present.length > 0 && !replace) {
    db.close();
    throw new MimicError(
      "DATABASE_TABLE_EXISTS",
      `${path} already has ${present.join(", ")}; add --replace to drop and recreate ${present.length === 1 ? "it" : "them"}.`,
    );
  }
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  // Tables of different families arrive interleaved (products after the items that name them), so
  // keys are checked once, after loading, by foreign_key_check below.
  db.pragma("foreign_keys = OFF");
  db.exec("BEGIN");
  let open = true;
  const rollback = () => {
    if (!open) return;
    open = false;
    try {
      db.exec("ROLLBACK");
    } finally {
      db.close();
      if (!existed) for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
    }
  };
  try {
    for (const t of tablesInLoadOrder(database).reverse()) db.exec(`DROP TABLE IF EXISTS ${quoteIdent(t)}`);
    for (const shape of database.tables) db.exec(createTable(shape, database, "sqlite", quoteIdent));
  } catch (e) {
    rollback();
    throw new MimicError("DATABASE_LOAD_FAILED", `creating the tables in ${path} failed: ${(e as Error).message}`, { cause: e });
  }
  const writer = (shape: TableShape): BatchWriter => {
    const insert = db.prepare(`INSERT INTO ${quoteIdent(shape.name)} VALUES (${shape.columns.map(() => "?").join(", ")})`);
    const row = new Array<unknown>(shape.columns.length);
    return {
      write(batch: ColumnBatch) {
        const readers = batch.columns.map((v, c) => columnReader(shape.columns[c]!, v));
        try {
          for (let i = 0; i < batch.length; i++) {
            for (let c = 0; c < readers.length; c++) row[c] = readers[c]!(i);
            insert.run(row);
          }
        } catch (e) {
          rollback();
          return Promise.reject(
            new MimicError("DATABASE_LOAD_FAILED", `loading ${shape.name} into ${path} failed and was rolled back: ${(e as Error).message}`, { cause: e }),
          );
        }
        return Promise.resolve();
      },
      close: () => Promise.resolve(),
      abort: () => Promise.resolve(rollback()),
    };
  };
  return {
    open: (shape) => Promise.resolve(writer(shape)),
    finish() {
      const broken = db.pragma("foreign_key_check") as { table: string; parent: string }[];
      if (broken.length > 0) {
        rollback();
        const first = broken[0]!;
        throw new MimicError(
          "DATABASE_LOAD_FAILED",
          `${broken.length} rows break a foreign key (first: ${first.table} → ${first.parent}); nothing was loaded.`,
        );
      }
      db.exec("COMMIT");
      open = false;
      db.close();
      return Promise.resolve();
    },
    cleanup: () => Promise.resolve(rollback()),
  };
}
