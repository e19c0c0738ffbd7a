import Database from "better-sqlite3";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { ColumnBatch } from "../synth/batch.js";
import { generateDatabase } from "../synth/generate/generate-database.js";
import { compileDatabase } from "../synth/schema/index.js";
import { openSqlite } from "./sqlite.js";

// Every connection thread started, so that a test can end one as if it had died.
const threads = vi.hoisted(() => [] as Worker[]);
vi.mock("./start-thread.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("./start-thread.js")>();
  return {
    ...real,
    startThread: (name: string, workerData: unknown) => {
      const worker = real.startThread(name, workerData);
      threads.push(worker);
      return worker;
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), "mimic-sqlite-load-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 123 parents (two INSERTs of 50 rows, then 23 one by one), two children each.
const database = compileDatabase(
  {
    tables: {
      parents: { rows: 123, columns: { id: { kind: "sequence" }, born: { kind: "date", start: "2020-01-01", end: "2020-12-31" } } },
      children: {
        columns: {
          parent_id: { kind: "reference", table: "parents", column: "id", perParent: { name: "discrete", values: [2], weights: [1] } },
          n: { kind: "sequence" },
        },
      },
    },
  },
  { seed: 1 },
);
const [parents, children] = database.tables as [(typeof database.tables)[number], (typeof database.tables)[number]];

/** A batch of parents with these ids, all born on 2020-01-02. */
const parentRows = (...ids: number[]): ColumnBatch => ({
  length: ids.length,
  chunkIndex: 0,
  columns: [{ values: new Float64Array(ids) }, { values: new Float64Array(ids.length).fill(18263) }],
});

const rows = (path: string, sql: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
};

describe("loading into SQLite on the connection's own thread", () => {
  it("loads every row in order, dates as ISO text, in one committed transaction", async () => {
    const path = join(dir, "whole.db");
    const target = await openSqlite(path, database, false);
    const result = await generateDatabase({ database, open: (shape) => target.open(shape), finish: () => target.finish() });
    expect(Object.fromEntries(result.rows)).toEqual({ parents: 123, children: 246 });
    const loaded = rows(path, "SELECT id, born FROM parents ORDER BY rowid") as { id: number; born: string }[];
    expect(loaded.map((r) => r.id)).toEqual(Array.from({ length: 123 }, (_, i) => i + 1));
    for (const r of loaded) expect(r.born).toMatch(/^2020-\d\d-\d\d$/);
    expect(rows(path, "SELECT parent_id, count(*) AS kids FROM children GROUP BY parent_id HAVING kids <> 2")).toEqual([]);
    expect(rows(path, "SELECT min(n) AS lo, max(n) AS hi, count(*) AS count FROM children")).toEqual([{ lo: 1, hi: 246, count: 246 }]);
    expect(existsSync(`${path}-journal`) || existsSync(`${path}-wal`)).toBe(false);
  });

  it("rolls back a failure mid-load on the thread, refuses what was queued behind it, and removes the file it made", async () => {
    const path = join(dir, "failed.db");
    const target = await openSqlite(path, database, false);
    const writer = await target.open(parents);
    await writer.write(parentRows(1, 2, 3));
    // Made at once: the second is queued on the thread behind the first, which fails. Whichever
    // failed write the caller sees first, the load is already rolled back and the file gone.
    const duplicate = writer.write(parentRows(3));
    duplicate.catch(() => undefined);
    const behind = writer.write(parentRows(4));
    await expect(behind).rejects.toMatchObject({ code: "DATABASE_LOAD_FAILED", message: expect.stringContaining("not run after an earlier insert failed") });
    expect(existsSync(path)).toBe(false);
    await expect(duplicate).rejects.toMatchObject({
      code: "DATABASE_LOAD_FAILED",
      message: expect.stringMatching(/loading parents .* rolled back: UNIQUE constraint failed/),
    });
    await target.cleanup();
    expect(existsSync(`${path}-journal`)).toBe(false);
  });

  it("leaves a file that existed as it was when a --replace load fails", async () => {
    const path = join(dir, "replaced.db");
    const before = new Database(path);
    before.exec("CREATE TABLE parents (id INTEGER PRIMARY KEY, old TEXT); INSERT INTO parents VALUES (7, 'kept'); CREATE TABLE other (x)");
    before.close();
    const target = await openSqlite(path, database, true);
    const writer = await target.open(parents);
    await expect(writer.write(parentRows(1, 1))).rejects.toMatchObject({ code: "DATABASE_LOAD_FAILED" });
    expect(rows(path, "SELECT * FROM parents")).toEqual([{ id: 7, old: "kept" }]);
    expect(rows(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).toEqual([{ name: "other" }, { name: "parents" }]);
  });

  it("refuses rows that break a foreign key at the end, leaving nothing", async () => {
    const path = join(dir, "orphans.db");
    const target = await openSqlite(path, database, false);
    await (await target.open(parents)).write(parentRows(1));
    await (await target.open(children)).write({ length: 1, chunkIndex: 0, columns: [{ values: new Float64Array([99]) }, { values: new Float64Array([1]) }] });
    await expect(target.finish()).rejects.toMatchObject({
      code: "DATABASE_LOAD_FAILED",
      message: expect.stringMatching(/1 rows break a foreign key \(first: children → parents\)/),
    });
    expect(existsSync(path)).toBe(false);
  });

  it("fails the load with DATABASE_LOAD_FAILED when the thread dies, and leaves no file", async () => {
    const path = join(dir, "died.db");
    const target = await openSqlite(path, database, false);
    const writer = await target.open(parents);
    await writer.write(parentRows(1, 2));
    await threads.at(-1)!.terminate();
    await expect(writer.write(parentRows(3))).rejects.toMatchObject({
      code: "DATABASE_LOAD_FAILED",
      message: expect.stringContaining("the SQLite connection's thread exited"),
    });
    await target.cleanup();
    expect(existsSync(path)).toBe(false);
  });

  it("says which file it cannot open, with DATABASE_UNREACHABLE", async () => {
    await expect(openSqlite(join(dir, "no-such-folder", "x.db"), database, false)).rejects.toMatchObject({
      code: "DATABASE_UNREACHABLE",
      message: expect.stringContaining("no-such-folder"),
    });
  });
});
