import Database from "better-sqlite3";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runStoreContract } from "../test-support/store.contract.js";
import { dht, pir } from "../test-support/readings-fixture.js";
import { openSqliteStore } from "./sqlite-store.js";
import { SQLITE_SCHEMA_VERSION } from "./sqlite-schema.js";

const root = mkdtempSync(join(tmpdir(), "mimic-sqlite-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

for (const thread of ["worker", "inline"] as const) {
  runStoreContract(`sqlite (${thread})`, () => {
    const path = join(root, `contract-${n++}`, "mimic.db");
    return Promise.resolve({
      open: () => openSqliteStore({ path, thread }),
      dispose: () => Promise.resolve(),
    });
  });
}

describe("sqlite store specifics", () => {
  it("runs in WAL mode with synchronous=FULL and clusters readings by (device, kind, ts)", async () => {
    const path = join(root, "pragmas", "mimic.db");
    const store = await openSqliteStore({ path });
    expect(await store.durability()).toEqual({ journalMode: "wal", synchronous: "FULL" });
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      const plan = db
        .prepare("EXPLAIN QUERY PLAN SELECT ts FROM readings WHERE device = ? AND kind = ? AND ts >= ? AND ts < ? ORDER BY ts, device, kind, id")
        .all("d", "DHT22", 0, 1) as { detail: string }[];
      expect(plan.map((p) => p.detail).join(" ")).toMatch(/SEARCH readings USING PRIMARY KEY \(device=\? AND kind=\? AND ts>\? AND ts<\?\)/);
      expect(plan.map((p) => p.detail).join(" ")).not.toMatch(/TEMP B-TREE/);
    } finally {
      db.close();
    }
  });

  it("groups appends made in the same turn into one transaction", async () => {
    const path = join(root, "group", "mimic.db");
    const store = await openSqliteStore({ path });
    const before = store.stats().commits;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.appendReadings([dht("g", 1000 + i, i, i)])));
    expect(results.every((r) => r.inserted === 1)).toBe(true);
    expect(store.stats().commits - before).toBe(1);
    // Calls spread over time get their own commits (no waiting for company).
    for (let i = 0; i < 5; i++) await store.appendReadings([dht("g", 2000 + i, i, i)]);
    expect(store.stats().commits - before).toBe(6);
    // The group is bounded: 30 calls of 1,000 readings with maxGroupReadings 20,000 take two commits.
    const small = await openSqliteStore({ path: join(root, "group2", "mimic.db"), maxGroupReadings: 20_000 });
    await Promise.all(Array.from({ length: 30 }, (_, c) => small.appendReadings(Array.from({ length: 1000 }, (_, i) => dht("g", c * 1000 + i, 1, 1)))));
    expect(small.stats()).toEqual({ commits: 2, readingsCommitted: 30_000 });
    await small.close();
    await store.close();
  });

  it("shares the registry with another connection on the same file (as `mimic devices` does)", async () => {
    const path = join(root, "shared", "mimic.db");
    const server = await openSqliteStore({ path });
    const cli = await openSqliteStore({ path });
    await cli.addDevice(
      { id: "rp1", sensors: ["PIR"], status: "active", createdAt: 1, updatedAt: 1 },
      { deviceId: "rp1", tokenHash: "h", issuedAt: 1, expiresAt: null, revokedAt: null },
    );
    expect((await server.findToken("h"))?.revokedAt).toBeNull();
    // The server keeps writing while the other process revokes: both succeed, the revocation is seen at once.
    const writes = Promise.all(Array.from({ length: 20 }, (_, i) => server.appendReadings([dht("rp1", i, 1, 1)])));
    await cli.revokeTokens("rp1", 42);
    await writes;
    expect((await server.findToken("h"))?.revokedAt).toBe(42);
    expect(await cli.countReadings()).toBe(20);
    await cli.close();
    await server.close();
  });

  it("upgrades a v1 file: drops the id-only index, keeps the readings, still ignores resent readings", async () => {
    const path = join(root, "v1", "mimic.db");
    const store = await openSqliteStore({ path, thread: "inline" });
    await store.appendReadings([dht("rp-v1", 100, 20, 50), dht("rp-v1", 101, 21, 51)]);
    await store.close();
    const db = new Database(path); // make it look like v1 again
    db.exec("CREATE UNIQUE INDEX readings_by_id ON readings (id)");
    db.pragma("user_version = 1");
    db.close();
    const upgraded = await openSqliteStore({ path, thread: "inline" });
    expect(await upgraded.appendReadings([dht("rp-v1", 101, 21, 51), dht("rp-v1", 102, 22, 52)])).toEqual({ inserted: 1, duplicates: 1 });
    expect(await upgraded.countReadings()).toBe(3);
    await upgraded.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'readings_by_id'").get()).toEqual({ n: 0 });
    check.close();
  });

  it("upgrades a v2 file (one sensor kind per device) in place: each device keeps its kind as its one sensor", async () => {
    const path = join(root, "v2", "mimic.db");
    mkdirSync(join(root, "v2"));
    const old = new Database(path);
    // The device tables exactly as schema v2 wrote them.
    old.exec(`
      CREATE TABLE devices (id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE device_tokens (token_hash TEXT PRIMARY KEY, device_id TEXT NOT NULL REFERENCES devices (id), issued_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER);
      CREATE INDEX device_tokens_by_device ON device_tokens (device_id);
      INSERT INTO devices VALUES ('rp-pir', 'PIR', 'active', 10, 10), ('rp-old', 'DHT22', 'revoked', 5, 20);
      INSERT INTO device_tokens VALUES ('hp', 'rp-pir', 10, NULL, NULL);
    `);
    old.pragma("user_version = 2");
    old.close();
    const store = await openSqliteStore({ path, thread: "inline" });
    expect(await store.listDevices()).toEqual([
      { id: "rp-old", sensors: ["DHT22"], status: "revoked", createdAt: 5, updatedAt: 20 },
      { id: "rp-pir", sensors: ["PIR"], status: "active", createdAt: 10, updatedAt: 10 },
    ]);
    expect(await store.findToken("hp")).toEqual({ deviceId: "rp-pir", tokenHash: "hp", issuedAt: 10, expiresAt: null, revokedAt: null });
    await store.addDevice(
      { id: "rp829c7e0e", sensors: ["DHT22", "PIR", "LIGHT"], status: "active", createdAt: 30, updatedAt: 30 },
      { deviceId: "rp829c7e0e", tokenHash: "h3", issuedAt: 30, expiresAt: null, revokedAt: null },
    );
    await store.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    expect((check.pragma("table_info(devices)") as { name: string }[]).map((c) => c.name)).toEqual(["id", "status", "created_at", "updated_at", "sensors"]);
    check.close();
    // Opening again changes nothing.
    const again = await openSqliteStore({ path, thread: "inline" });
    expect((await again.getDevice("rp829c7e0e"))?.sensors).toEqual(["DHT22", "PIR", "LIGHT"]);
    await again.close();
  });

  it("refuses a file written by a newer schema, and an unwritable path", async () => {
    const path = join(root, "newer", "mimic.db");
    await (await openSqliteStore({ path })).close();
    const db = new Database(path);
    db.pragma("user_version = 99");
    db.close();
    await expect(openSqliteStore({ path })).rejects.toMatchObject({ code: "STORE_SCHEMA_NEWER" });
    // A folder that is really a file: neither the folder nor the database can be created.
    writeFileSync(join(root, "not-a-folder"), "x");
    await expect(openSqliteStore({ path: join(root, "not-a-folder", "x.db") })).rejects.toMatchObject({ code: "IO_UNWRITABLE" });
  });

  it("retention deletes exactly the readings before the cut-off, in bounded batches, while appends still commit between them", async () => {
    const store = await openSqliteStore({ path: join(root, "retention", "mimic.db") });
    const cut = 1_700_000_000;
    const old = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? dht(`d${i % 3}`, cut - 1000 + i, 20, 50) : pir(`d${i % 3}`, cut - 0.001 - i, true)));
    await store.appendReadings([...old, dht("d0", cut, 20, 50), pir("d1", cut + 1, false)]);
    // An append made while the deletion runs is committed, not refused or lost.
    const [result, appended] = await Promise.all([store.deleteReadingsBefore(cut, 5), store.appendReadings([dht("d2", cut + 2, 1, 1)])]);
    expect(result).toEqual({ readingsDeleted: 12, partitionsDropped: 0, transactions: 3 });
    expect(appended).toEqual({ inserted: 1, duplicates: 0 });
    expect(await store.countReadings()).toBe(3);
    const db = new Database(join(root, "retention", "mimic.db"), { readonly: true });
    try {
      // Each batch seeks by the key's (device, kind, ts) prefix: no scan of the whole table.
      const plan = db
        .prepare("EXPLAIN QUERY PLAN SELECT device, kind, ts, id FROM readings WHERE device = ? AND kind = ? AND ts < ? ORDER BY ts LIMIT 5")
        .all("d", "DHT22", cut) as { detail: string }[];
      expect(plan.map((p) => p.detail).join(" ")).toMatch(/SEARCH readings USING PRIMARY KEY \(device=\? AND kind=\? AND ts<\?\)/);
    } finally {
      db.close();
    }
    await store.close();
  });
});
