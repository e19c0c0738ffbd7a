import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkService, serviceUrl } from "../../../../test/support/services.js";
import { runStoreContract } from "../test-support/store.contract.js";
import { dht } from "../test-support/readings-fixture.js";
import { openPostgresStore } from "./pg-store.js";
import { PG_SCHEMA_VERSION } from "./pg-schema.js";

const check = await checkService("postgres");
const url = serviceUrl("postgres");
// Each run gets its own schemas, dropped afterwards, so parallel runs never collide.
const run = `mimic_t${process.pid}_${Date.now().toString(36)}`;
const schemas: string[] = [];
let admin: pg.Client | undefined;

beforeAll(async () => {
  if (!check.available) return;
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
});
afterAll(async () => {
  for (const s of schemas) await admin?.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await admin?.end();
});
function schema(): string {
  const s = `${run}_${schemas.length}`;
  schemas.push(s);
  return s;
}

describe.skipIf(!check.available)("postgres", () => {
  runStoreContract("postgres", () => {
    const s = schema();
    return Promise.resolve({
      open: () => openPostgresStore({ url, schema: s, poolSize: 4 }),
      dispose: async () => void (await admin!.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`)),
    });
  });

  describe("postgres store specifics", () => {
    it("stores the same readings through COPY and multi-row INSERT, dropping duplicates either way", async () => {
      const store = await openPostgresStore({ url, schema: schema(), copyThreshold: 100 });
      try {
        const many = Array.from({ length: 250 }, (_, i) => dht("tab\there\\x", 1_557_585_000 + i * 10, 20 + i / 10, 50));
        expect(await store.appendReadings(many)).toEqual({ inserted: 250, duplicates: 0 });
        expect(await store.appendReadings(many.slice(0, 50))).toEqual({ inserted: 0, duplicates: 50 });
        expect(await store.appendReadings([...many.slice(200), dht("n", 1, 1, 1)])).toEqual({ inserted: 1, duplicates: 50 });
        const rows = await store.queryReadings({ device: "tab\there\\x", kind: "DHT22", from: 0, to: 2e9, limit: 1000 });
        expect(rows).toHaveLength(250);
        expect(rows[1]).toMatchObject({ timestamp: 1_557_585_010, data: { temperature: 20.1, humidity: 50 } });
      } finally {
        await store.close();
      }
    });

    it("creates day partitions on demand and drops them for retention", async () => {
      const store = await openPostgresStore({ url, schema: schema(), partitionSeconds: 86_400 });
      try {
        const day = 86_400;
        const d0 = 19_000 * day;
        await store.appendReadings([dht("p", d0 + 5, 1, 1), dht("p", d0 + day + 5, 2, 2), dht("p", d0 + 2 * day + 5, 3, 3)]);
        expect(await store.partitions()).toEqual([0, 1, 2].map((k) => ({ start: d0 + k * day, end: d0 + (k + 1) * day })));
        // A partition straddling the cut-off is kept (through the port as through the library call).
        expect(await store.deleteReadingsBefore(d0 + day + 10)).toEqual({ readingsDeleted: 0, partitionsDropped: 1, transactions: 1 });
        expect(await store.partitions()).toEqual([1, 2].map((k) => ({ start: d0 + k * day, end: d0 + (k + 1) * day })));
        expect(await store.countReadings()).toBe(2);
        // A dropped partition is recreated when a reading for it arrives again.
        expect(await store.appendReadings([dht("p", d0 + 7, 4, 4)])).toEqual({ inserted: 1, duplicates: 0 });
        expect(await store.countReadings()).toBe(3);
      } finally {
        await store.close();
      }
    });

    it("lets two processes' stores create the same partitions concurrently", async () => {
      const s = schema();
      const [a, b] = await Promise.all([openPostgresStore({ url, schema: s }), openPostgresStore({ url, schema: s })]);
      try {
        const rs = Array.from({ length: 20 }, (_, i) => dht("c", 1_600_000_000 + i * 43_200, i, i));
        const [ra, rb] = await Promise.all([a.appendReadings(rs), b.appendReadings(rs)]);
        expect(ra.inserted + rb.inserted).toBe(20);
        expect(await a.countReadings()).toBe(20);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it("upgrades a v1 schema (one sensor kind per device) in place, also when opened read-only", async () => {
      const s = schema();
      const q = (sql: string) => admin!.query(sql);
      // The device tables and meta row exactly as schema v1 wrote them.
      await q(`CREATE SCHEMA "${s}"`);
      await q(`CREATE TABLE "${s}".mimic_meta (key text PRIMARY KEY, value text NOT NULL)`);
      await q(`INSERT INTO "${s}".mimic_meta VALUES ('schema_version', '1')`);
      await q(
        `CREATE TABLE "${s}".devices (id text PRIMARY KEY, kind text NOT NULL, status text NOT NULL, created_at bigint NOT NULL, updated_at bigint NOT NULL)`,
      );
      await q(
        `CREATE TABLE "${s}".device_tokens (token_hash text PRIMARY KEY, device_id text NOT NULL REFERENCES "${s}".devices (id), issued_at bigint NOT NULL, expires_at bigint, revoked_at bigint)`,
      );
      await q(
        `CREATE TABLE "${s}".readings (device text COLLATE "C" NOT NULL, kind text COLLATE "C" NOT NULL, ts double precision NOT NULL, id text COLLATE "C" NOT NULL, type_label text NOT NULL, received_at bigint NOT NULL, temperature double precision, humidity double precision, motion boolean, light boolean, PRIMARY KEY (id, ts)) PARTITION BY RANGE (ts)`,
      );
      await q(`INSERT INTO "${s}".devices VALUES ('rp-pir', 'PIR', 'active', 10, 10)`);
      await q(`INSERT INTO "${s}".device_tokens VALUES ('hp', 'rp-pir', 10, NULL, NULL)`);
      const reader = await openPostgresStore({ url, schema: s, create: false });
      try {
        expect(await reader.listDevices()).toEqual([{ id: "rp-pir", sensors: ["PIR"], status: "active", createdAt: 10, updatedAt: 10 }]);
      } finally {
        await reader.close();
      }
      const store = await openPostgresStore({ url, schema: s });
      try {
        expect(await store.findToken("hp")).toMatchObject({ deviceId: "rp-pir" });
        await store.addDevice(
          { id: "rp829c7e0e", sensors: ["DHT22", "PIR", "LIGHT"], status: "active", createdAt: 30, updatedAt: 30 },
          { deviceId: "rp829c7e0e", tokenHash: "h3", issuedAt: 30, expiresAt: null, revokedAt: null },
        );
        expect((await store.getDevice("rp829c7e0e"))?.sensors).toEqual(["DHT22", "PIR", "LIGHT"]);
        const meta = await admin!.query<{ value: string }>(`SELECT value FROM "${s}".mimic_meta WHERE key = 'schema_version'`);
        expect(meta.rows[0]?.value).toBe(String(PG_SCHEMA_VERSION));
      } finally {
        await store.close();
      }
    });

    it("survives its backend being terminated while a query holds a checked-out client", async () => {
      const s = schema();
      const store = await openPostgresStore({ url, schema: s, poolSize: 2, applicationName: `${s}_victim` });
      const locker = new pg.Client({ connectionString: url });
      await locker.connect();
      try {
        await store.appendReadings([dht("t", 1_600_000_000, 1, 1)]);
        // The append waits on the lock with its client checked out of the pool.
        await locker.query("BEGIN");
        await locker.query(`LOCK TABLE "${s}".readings IN ACCESS EXCLUSIVE MODE`);
        const append = store.appendReadings([dht("t", 1_600_000_010, 2, 2)]).then(
          () => "ok",
          (e: { code?: string }) => e.code,
        );
        // Wait (on the server's own view, not a clock) until the append is blocked on the lock.
        let victims: number[] = [];
        while (victims.length === 0) {
          const r = await admin!.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", [
            `${s}_victim`,
          ]);
          victims = r.rows.map((row) => row.pid);
        }
        await admin!.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [victims]);
        expect(await append).toBe("STORE_UNAVAILABLE");
        await locker.query("ROLLBACK");
        // The pool replaced the dead client: the store works again without a restart.
        expect(await store.appendReadings([dht("t", 1_600_000_010, 2, 2)])).toEqual({ inserted: 1, duplicates: 0 });
      } finally {
        await locker.end();
        await store.close();
      }
    });

    it("reports STORE_UNAVAILABLE (retryable) when the server cannot be reached", async () => {
      await expect(openPostgresStore({ url: "postgres://postgres@127.0.0.1:1/none", schema: "x" })).rejects.toMatchObject({
        code: "STORE_UNAVAILABLE",
        retryable: true,
        status: 503,
      });
    });
  });
});
