// Streamed answers against real stores (SQLite, and PostgreSQL where one is reachable): whichever way they are read (one sensor's keyset,
// several sensors merged, the store's order paged), the pages are the store's whole answer once,
// and the CSV is what readingsToCsv writes for it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkService, serviceUrl } from "../../../test/support/services.js";
import { openPostgresStore, openSqliteStore } from "../adapters/index.js";
import { dht, light, pir } from "../adapters/test-support/readings-fixture.js";
import type { Reading } from "../../sensors/reading.js";
import type { ReadingQuery, ReadingRow, TelemetryStore } from "../ports.js";
import { readingsToCsv } from "./format-readings.js";
import { mergeSensorStreams, sensorsInRange } from "./merged-readings.js";
import { openReadingStream, readingPages, streamedFields, streamReadingsCsv } from "./stream-readings.js";

const T0 = 1_557_585_000;

async function all(pages: AsyncGenerator<ReadingRow[]>): Promise<ReadingRow[]> {
  const rows: ReadingRow[] = [];
  for await (const page of pages) rows.push(...page);
  return rows;
}

const postgres = await checkService("postgres");
// Its own schema, dropped afterwards, so parallel runs never collide.
const pgSchema = `mimic_stream_${process.pid}_${Date.now().toString(36)}`;

const STORES: { name: string; skip: boolean; open(dir: string): Promise<TelemetryStore>; dispose(): Promise<void> }[] = [
  { name: "sqlite", skip: false, open: (dir) => openSqliteStore({ path: join(dir, "mimic.db"), thread: "inline" }), dispose: () => Promise.resolve() },
  {
    name: "postgres",
    skip: !postgres.available,
    open: () => openPostgresStore({ url: serviceUrl("postgres"), schema: pgSchema, poolSize: 2 }),
    async dispose() {
      const admin = new pg.Client({ connectionString: serviceUrl("postgres") });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
      await admin.end();
    },
  },
];

describe.each(STORES)("streamed readings ($name)", (kind) => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-stream-"));
  let store: TelemetryStore;
  beforeAll(async () => {
    if (kind.skip) return;
    store = await kind.open(dir);
    await store.init();
    const rs: Reading[] = [];
    // Ties at one instant across devices and kinds; a PIR first, so the columns start with motion.
    rs.push(pir("z9", T0 - 5, true));
    for (let i = 0; i < 300; i++) {
      const t = T0 + Math.floor(i / 3);
      rs.push(dht(`d${i % 4}`, t, 10 + i / 10, 50), pir(`d${i % 2}`, t, i % 2 === 0), light("d3", t, i % 3 === 0, `l-${i}`));
      if (i % 7 === 0) rs.push(dht(`d${i % 4}`, t, 99, 1, `twin-${i}`));
    }
    await store.appendReadings(rs);
  });
  afterAll(async () => {
    await store?.close();
    if (!kind.skip) await kind.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const queries: Omit<ReadingQuery, "limit">[] = [
    { from: T0 - 10, to: T0 + 200 },
    { device: "d1", from: T0 - 10, to: T0 + 200 },
    { kind: "DHT22", from: T0 + 3, to: T0 + 50.5 },
    { device: "d3", kind: "LIGHT", from: T0, to: T0 + 200 },
    { device: "nobody", from: T0, to: T0 + 200 },
  ];

  it.skipIf(kind.skip)("gives the store's whole answer once, in its order, by every path, at any page size", async () => {
    for (const query of queries) {
      const whole = (await store.queryReadings({ ...query, limit: 100_000 })) as ReadingRow[];
      for (const pageRows of [1, 7, 500]) {
        expect(await all((await openReadingStream(store, query, Infinity, pageRows)).pages), JSON.stringify(query)).toEqual(whole);
        // The store's own order, paged (the path for more sensors than merging pays for).
        expect(await all(readingPages(store, query, Infinity, pageRows))).toEqual(whole);
        const sensors = await sensorsInRange(store, query);
        expect(await all((await mergeSensorStreams(store, query, sensors!, Infinity, pageRows)).pages)).toEqual(whole);
      }
      // A limit is the first n of the answer.
      expect(await all((await openReadingStream(store, query, 11, 4)).pages)).toEqual(whole.slice(0, 11));
    }
  });

  it.skipIf(kind.skip)("writes the CSV readingsToCsv writes for the whole answer, columns in the order the rows first show them", async () => {
    for (const query of queries) {
      const whole = (await store.queryReadings({ ...query, limit: 100_000 })) as ReadingRow[];
      let text = "";
      const n = await streamReadingsCsv(store, query, (t) => ((text += t), Promise.resolve(true)), Infinity, 13);
      expect(n).toBe(whole.length);
      expect(text).toBe(readingsToCsv({ rows: whole, bucketed: false, ...(query.kind ? { kind: query.kind } : {}) }));
      // The probing path (no merge) finds the same columns.
      expect(await streamedFields(store, query)).toEqual((await openReadingStream(store, query)).fields);
    }
    expect((await openReadingStream(store, queries[0]!)).fields).toEqual(["motion", "temperature", "humidity", "light"]);
  });

  it.skipIf(kind.skip)("stops reading when the reader goes away", async () => {
    let writes = 0;
    const n = await streamReadingsCsv(store, queries[0]!, () => Promise.resolve(++writes < 3), Infinity, 10);
    expect(writes).toBe(3);
    expect(n).toBe(20);
  });
});
