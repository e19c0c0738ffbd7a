import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { checkService, serviceUrl } from "../../../test/support/services.js";
import type { Reading } from "../../sensors/reading.js";
import { openPostgresStore, openSqliteStore } from "../../telemetry/adapters/index.js";
import { dht, pir } from "../../telemetry/adapters/test-support/readings-fixture.js";
import type { ReadingRow, TelemetryStore } from "../../telemetry/ports.js";
import { forEachStorePage } from "./store-pages.js";

const check = await checkService("postgres");
const T0 = 1_557_619_200;
// Three devices: rp1 every 25 s for a day (3,456), a dense burst of rp2 (400 in 40 s), rp3's PIR events.
const READINGS: Reading[] = [
  ...Array.from({ length: 3456 }, (_, i) => dht("rp1", T0 + 25 * i, 17 + (i % 7) / 10, 50)),
  ...Array.from({ length: 400 }, (_, i) => dht("rp2", T0 + 40_000 + i / 10, 20, 40)),
  ...Array.from({ length: 30 }, (_, i) => pir("rp3", T0 + 3000 * i, i % 2 === 0)),
];

/** Pages of at most `pageRows`: every reading of the range once, each device's in time order. */
async function checkPaging(store: TelemetryStore): Promise<void> {
  const seen: ReadingRow[] = [];
  let pages = 0;
  await forEachStorePage(
    store,
    { devices: [] },
    T0 + 2 * 86_400,
    (rows) => {
      expect(rows.length).toBeLessThan(100);
      pages++;
      seen.push(...rows);
    },
    100,
  );
  expect(seen.length).toBe(READINGS.length);
  expect(new Set(seen.map((r) => `${r.device}@${r.timestamp}@${r.kind}`)).size).toBe(READINGS.length);
  for (const device of ["rp1", "rp2", "rp3"]) {
    const ts = seen.filter((r) => r.device === device).map((r) => r.timestamp);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
  }
  expect(pages).toBeGreaterThan(READINGS.length / 100);
  // One device, a range and a type: only those.
  const one: ReadingRow[] = [];
  await forEachStorePage(store, { devices: ["rp2"], kind: "DHT22", from: T0 + 40_010, to: T0 + 40_020 }, T0 + 2 * 86_400, (rows) => one.push(...rows), 7);
  expect(one.length).toBe(100);
  expect(one.every((r) => r.device === "rp2" && r.timestamp >= T0 + 40_010 && r.timestamp < T0 + 40_020)).toBe(true);
}

describe("forEachStorePage: the store read in bounded pages", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-store-pages-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("SQLite: every reading once, per device in time order, no page over the bound", async () => {
    const store = await openSqliteStore({ path: join(dir, "mimic.db"), thread: "inline" });
    await store.init();
    try {
      await store.appendReadings(READINGS);
      await checkPaging(store);
    } finally {
      await store.close();
    }
  });

  it.skipIf(!check.available)(
    "PostgreSQL: the same",
    async () => {
      const schema = `mimic_pages_${process.pid}_${Date.now().toString(36)}`;
      const store = await openPostgresStore({ url: serviceUrl("postgres"), schema });
      try {
        await store.init();
        await store.appendReadings(READINGS);
        await checkPaging(store);
      } finally {
        await store.close();
        const admin = new pg.Client({ connectionString: serviceUrl("postgres") });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      }
    },
    120_000,
  );
});
