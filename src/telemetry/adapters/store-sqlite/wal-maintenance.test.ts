import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CHECKPOINT_INTERVAL_MS, MAX_WAL_PAGES, MIN_WAL_PAGES, WalMaintenance, walPagesFor } from "./wal-maintenance.js";

describe("WAL maintenance", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-wal-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("sizes the automatic checkpoint to a quarter of the free space, within bounds", () => {
    expect(walPagesFor(10 * 1024 ** 3, 4096)).toBe(MAX_WAL_PAGES);
    expect(walPagesFor(16 * 1024 ** 2, 4096)).toBe(1024);
    expect(walPagesFor(0, 4096)).toBe(MIN_WAL_PAGES);
  });

  it("follows the free space and checkpoints by time only when something was written", () => {
    const db = new Database(join(dir, "w.db"));
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE t (v TEXT)");
    let clock = 0;
    let free = 8 * 1024 ** 2;
    const wal = new WalMaintenance(db, { freeBytes: () => free, now: () => clock });
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(512);
    wal.tick();
    expect(wal.state().checkpoints).toBe(0);
    db.prepare("INSERT INTO t VALUES (?)").run("x".repeat(10_000));
    free = 1024 ** 2;
    clock += 1000;
    wal.afterCommit();
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(MIN_WAL_PAGES);
    clock += CHECKPOINT_INTERVAL_MS - 1001;
    wal.tick();
    expect(wal.state().checkpoints).toBe(0);
    clock += 1;
    wal.tick();
    expect(wal.state().checkpoints).toBe(1);
    // Everything in the WAL is now in the database file.
    const after = db.pragma("wal_checkpoint(PASSIVE)") as { log: number; checkpointed: number }[];
    expect(after[0]!.checkpointed).toBe(after[0]!.log);
    clock += CHECKPOINT_INTERVAL_MS;
    wal.tick();
    expect(wal.state().checkpoints).toBe(1);
    db.close();
  });

  it("keeps a timed checkpoint that fails due, and never throws it out of the timer", () => {
    // A closed connection stands in for a full disk: the checkpoint's pragma throws either way.
    const db = new Database(join(dir, "f.db"));
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE t (v TEXT)");
    let clock = 0;
    const wal = new WalMaintenance(db, { freeBytes: () => 1024 ** 2, now: () => clock });
    db.prepare("INSERT INTO t VALUES (?)").run("x");
    wal.afterCommit();
    db.close();
    clock += CHECKPOINT_INTERVAL_MS;
    expect(() => wal.tick()).not.toThrow();
    expect(wal.state()).toMatchObject({ checkpoints: 0, failedCheckpoints: 1 });
    clock += 1000;
    wal.tick();
    expect(wal.state().failedCheckpoints).toBe(2);
  });
});
