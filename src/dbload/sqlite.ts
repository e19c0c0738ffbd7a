// Loading into SQLite: one transaction, prepared INSERTs per table, foreign keys checked once at the
// end with PRAGMA foreign_key_check, and a rollback on any failure (the file removed when this load
// made it). The connection runs on its own thread (sqlite-thread.ts), so the inserts of one family
// chunk run while this thread generates the next.
import { existsSync, rmSync } from "node:fs";
import type { ColumnBatch, TableShape } from "../synth/batch.js";
import type { DatabaseWriter } from "../synth/generate/generate-database.js";
import type { CompiledDatabase } from "../synth/schema/index.js";
import { MimicError } from "../errors/index.js";
import { createTable, quoteIdent, tablesInLoadOrder } from "./ddl.js";
import { SQLITE_LOAD_PRAGMAS, SQLITE_ROWS_PER_INSERT } from "./sqlite-settings.js";
import { openSqliteThread, type SqliteConnection } from "./sqlite-thread.js";
import type { DatabaseTarget } from "./target.js";

export async function openSqlite(path: string, database: CompiledDatabase, replace: boolean): Promise<DatabaseTarget> {
  const existed = existsSync(path);
  let db: SqliteConnection;
  try {
    db = await openSqliteThread(path, { rowsPerInsert: SQLITE_ROWS_PER_INSERT });
  } catch (e) {
    throw new MimicError("DATABASE_UNREACHABLE", `cannot open SQLite database "${path}": ${(e as Error).message}; check the folder exists and is writable.`, {
      cause: e,
    });
  }
  let open = false;
  const removeIfNew = () => {
    if (!existed) for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(path + suffix, { force: true });
  };
  // Also right after the thread died (the ROLLBACK is refused, the file still goes: SQLite never
  // applies a transaction that did not commit). Every caller waits for the one rollback (the
  // writers of a family chunk fail together), so none returns before the file is gone.
  let rolledBack: Promise<void> | undefined;
  const rollback = (): Promise<void> => {
    if (open) {
      open = false;
      rolledBack = (async () => {
        await db.exec("ROLLBACK").catch(() => undefined);
        await db.end();
        removeIfNew();
      })();
    }
    return rolledBack ?? Promise.resolve();
  };
  try {
    const names = database.tables.map((t) => t.name);
    const present = (
      (await db.all(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (${names.map(() => "?").join(", ")})`, names)) as { name: string }[]
    ).map((r) => r.name);
    if (present.length > 0 && !replace) {
      throw new MimicError(
        "DATABASE_TABLE_EXISTS",
        `${path} already has ${present.join(", ")}; add --replace to drop and recreate ${present.length === 1 ? "it" : "them"}.`,
      );
    }
    for (const pragma of SQLITE_LOAD_PRAGMAS) await db.exec(`PRAGMA ${pragma}`);
    // Tables of different families arrive interleaved (products after the items that name them), so
    // keys are checked once, after loading, by foreign_key_check below.
    await db.exec("PRAGMA foreign_keys = OFF");
    await db.exec("BEGIN");
    open = true;
    for (const t of tablesInLoadOrder(database).reverse()) await db.exec(`DROP TABLE IF EXISTS ${quoteIdent(t)}`);
    for (const shape of database.tables) await db.exec(createTable(shape, database, "sqlite", quoteIdent));
  } catch (e) {
    if (open) await rollback();
    else {
      await db.end();
      removeIfNew();
    }
    if (e instanceof MimicError) throw e;
    throw new MimicError("DATABASE_LOAD_FAILED", `creating the tables in ${path} failed: ${(e as Error).message}`, { cause: e });
  }
  const writer = async (shape: TableShape): Promise<DatabaseWriter> => {
    const insert = await db.table(shape);
    return {
      // The batch's buffers move to the connection's thread; back-pressure: this resolves when the
      // rows are in, so at most a family chunk waits there while the next one is made.
      async write(batch: ColumnBatch) {
        try {
          await insert(batch);
        } catch (e) {
          await rollback();
          throw new MimicError("DATABASE_LOAD_FAILED", `loading ${shape.name} into ${path} failed and was rolled back: ${(e as Error).message}`, { cause: e });
        }
      },
      close: () => Promise.resolve(),
      abort: rollback,
    };
  };
  return {
    open: writer,
    async finish() {
      let broken: { table: string; parent: string }[];
      try {
        broken = (await db.all("PRAGMA foreign_key_check")) as { table: string; parent: string }[];
        if (broken.length === 0) await db.exec("COMMIT");
      } catch (e) {
        await rollback();
        throw new MimicError("DATABASE_LOAD_FAILED", `finishing the load into ${path} failed and was rolled back: ${(e as Error).message}`, { cause: e });
      }
      if (broken.length > 0) {
        await rollback();
        const first = broken[0]!;
        throw new MimicError(
          "DATABASE_LOAD_FAILED",
          `${broken.length} rows break a foreign key (first: ${first.table} → ${first.parent}); nothing was loaded.`,
        );
      }
      open = false;
      await db.end();
    },
    cleanup: rollback,
  };
}
