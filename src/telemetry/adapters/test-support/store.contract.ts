// The TelemetryStore contract: every store adapter's test file calls runStoreContract, so SQLite
// and PostgreSQL answer the same calls with the same results.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { isMimicError } from "../../../errors/index.js";
import type { Device, DeviceToken } from "../../domain/device.js";
import type { ReadToken } from "../../domain/read-token.js";
import { alarmId, type Alarm } from "../../domain/alarm.js";
import type { BucketRow, ReadingCursor, ReadingRow, TelemetryStore } from "../../ports.js";
import type { Reading } from "../../../sensors/index.js";
import { dht, light, pir } from "./readings-fixture.js";

/** One isolated place to keep data (a file, a schema); `open` may be called again after close. */
export interface StoreFixture {
  open(): Promise<TelemetryStore>;
  dispose(): Promise<void>;
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isMimicError(err) ? err.code : err).toBe(code);
}

const T0 = 1_557_585_000; // the seed's week, epoch seconds

/** The readings both bucket tests use: DHT22 at 20, 22, 27 °C in bucket 0, 30 in bucket 60, none in 120, 10 and 11 in 180; four PIR readings. */
function bucketFixture(base: number): Reading[] {
  return [
    dht("d", base + 0, 20, 40),
    dht("d", base + 59.9, 22, 50),
    dht("d", base + 30, 27, 60),
    dht("d", base + 60, 30, 70),
    dht("d", base + 181, 10, 80),
    dht("d", base + 239, 11, 90),
    pir("d", base + 5, true),
    pir("d", base + 6, false),
    pir("d", base + 7, true),
    pir("d", base + 8, true),
  ];
}

export function runStoreContract(name: string, makeFixture: () => Promise<StoreFixture>): void {
  describe(`${name}: TelemetryStore contract`, () => {
    let fixture: StoreFixture | undefined;
    const opened: TelemetryStore[] = [];
    async function fresh(): Promise<TelemetryStore> {
      fixture = await makeFixture();
      return reopen();
    }
    async function reopen(): Promise<TelemetryStore> {
      const s = await fixture!.open();
      await s.init();
      opened.push(s);
      return s;
    }
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await fixture?.dispose();
      fixture = undefined;
    });

    it("measures its size in bytes, and the size grows when many readings are appended", async () => {
      const s = await fresh();
      const empty = await s.sizeBytes();
      expect(empty).toBeGreaterThan(0);
      await s.appendReadings(Array.from({ length: 5000 }, (_, k) => dht("size", T0 + k, 20 + (k % 7), 40 + (k % 11))));
      expect(await s.sizeBytes()).toBeGreaterThan(empty + 5000 * 16);
    });

    it("retention removes the readings of whole days before the cut-off, keeps the rest, and a second pass finds nothing", async () => {
      const s = await fresh();
      const DAY = 86_400;
      const cut = Math.floor(T0 / DAY) * DAY - 2 * DAY;
      const old = [dht("a", cut - 10 * DAY, 1, 1), dht("a", cut - 3 * DAY + 5, 2, 2), pir("b", cut - 1, true), light("b", cut - DAY, false)];
      const kept = [dht("a", cut, 3, 3), pir("b", cut + 10, false), dht("c", T0, 4, 4)];
      await s.appendReadings([...old, ...kept]);
      const first = await s.deleteReadingsBefore(cut);
      expect(first.readingsDeleted + first.partitionsDropped).toBeGreaterThan(0);
      expect(await s.countReadings()).toBe(kept.length);
      const rows = (await s.queryReadings({ from: 0, to: 2 * T0, limit: 100 })) as ReadingRow[];
      expect(rows.map((r) => `${r.device}@${r.timestamp}`).sort()).toEqual(kept.map((r) => `${r.device}@${r.timestamp}`).sort());
      const second = await s.deleteReadingsBefore(cut);
      expect([second.readingsDeleted, second.partitionsDropped]).toEqual([0, 0]);
      // A reading of the window's days can still be appended after its old days were removed.
      expect(await s.appendReadings([dht("a", cut + 1, 5, 5)])).toEqual({ inserted: 1, duplicates: 0 });
    });

    it("appends, counts, and drops duplicates by id, also within one call", async () => {
      const s = await fresh();
      const a = [dht("d1", T0, 20, 50), dht("d1", T0 + 15, 21, 51)];
      expect(await s.appendReadings(a)).toEqual({ inserted: 2, duplicates: 0 });
      expect(await s.appendReadings([...a, dht("d1", T0 + 30, 22, 52)])).toEqual({ inserted: 1, duplicates: 2 });
      const same = dht("d2", T0, 1, 2);
      expect(await s.appendReadings([same, same, same])).toEqual({ inserted: 1, duplicates: 2 });
      expect(await s.countReadings()).toBe(4);
      expect(await s.appendReadings([])).toEqual({ inserted: 0, duplicates: 0 });
    });

    it("identity is (id, timestamp): an id reused with another timestamp is a second reading, in every store", async () => {
      // A client id is hashed without the timestamp, so a device reusing one (a counter reset
      // after a reboot, say) sends the same id at another time; docs/storage.md says what happens.
      const s = await fresh();
      expect(await s.appendReadings([dht("d1", T0, 20, 50, "reused")])).toEqual({ inserted: 1, duplicates: 0 });
      expect(await s.appendReadings([dht("d1", T0 + 60, 21, 51, "reused")])).toEqual({ inserted: 1, duplicates: 0 });
      expect(await s.appendReadings([dht("d1", T0 + 60, 21, 51, "reused")])).toEqual({ inserted: 0, duplicates: 1 });
      expect(await s.countReadings()).toBe(2);
      const rows = (await s.queryReadings({ device: "d1", kind: "DHT22", from: T0, to: T0 + 120, limit: 10 })) as ReadingRow[];
      expect(rows.map((r) => r.timestamp)).toEqual([T0, T0 + 60]);
    });

    it("counts each concurrent caller's inserts and duplicates separately", async () => {
      const s = await fresh();
      // 40 callers at once, each sending 25 readings of which the first 5 overlap with the previous caller.
      const calls = Array.from({ length: 40 }, (_, c) => Array.from({ length: 25 }, (_, i) => dht("dc", T0 + c * 20 + i, c, i)));
      const results = await Promise.all(calls.map((rs) => s.appendReadings(rs)));
      const unique = new Set(calls.flat().map((r) => r.id)).size;
      expect(unique).toBe(40 * 20 + 5);
      expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(unique);
      expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(40 * 25 - unique);
      for (const r of results) expect(r.inserted + r.duplicates).toBe(25);
      expect(await s.countReadings()).toBe(unique);
    });

    it("returns a device's readings sorted by time within [from, to), with exact values", async () => {
      const s = await fresh();
      const ts = [T0 + 30.5, T0, T0 + 60, T0 + 15.476025, T0 + 90, T0 - 1];
      await s.appendReadings(ts.map((t, i) => dht("d1", t, 17.1 + i, 68.1 - i)));
      await s.appendReadings([dht("d2", T0 + 1, 0, 0), pir("d1", T0 + 2, true)]);
      const rows = (await s.queryReadings({ device: "d1", kind: "DHT22", from: T0, to: T0 + 90, limit: 100 })) as ReadingRow[];
      expect(rows.map((r) => r.timestamp)).toEqual([T0, T0 + 15.476025, T0 + 30.5, T0 + 60]);
      expect(rows[1]).toEqual({ device: "d1", kind: "DHT22", timestamp: T0 + 15.476025, data: { temperature: 17.1 + 3, humidity: 68.1 - 3 } });
      const limited = (await s.queryReadings({ device: "d1", kind: "DHT22", from: T0, to: T0 + 91, limit: 2 })) as ReadingRow[];
      expect(limited.map((r) => r.timestamp)).toEqual([T0, T0 + 15.476025]);
    });

    it("filters by device and kind, and projects fields", async () => {
      const s = await fresh();
      await s.appendReadings([dht("a", T0 + 3, 20, 40), pir("a", T0 + 1, true), light("b", T0 + 2, false), dht("b", T0 + 1, 25, 45)]);
      const all = (await s.queryReadings({ from: T0, to: T0 + 10, limit: 10 })) as ReadingRow[];
      expect(all.map((r) => [r.device, r.kind, r.timestamp])).toEqual([
        ["a", "PIR", T0 + 1],
        ["b", "DHT22", T0 + 1],
        ["b", "LIGHT", T0 + 2],
        ["a", "DHT22", T0 + 3],
      ]);
      expect(all[0]!.data).toEqual({ motion: true });
      expect(all[2]!.data).toEqual({ light: false });
      const aOnly = (await s.queryReadings({ device: "a", from: T0, to: T0 + 10, limit: 10 })) as ReadingRow[];
      expect(aOnly.map((r) => r.kind)).toEqual(["PIR", "DHT22"]);
      const temps = (await s.queryReadings({ kind: "DHT22", fields: ["temperature"], from: T0, to: T0 + 10, limit: 10 })) as ReadingRow[];
      expect(temps.map((r) => r.data)).toEqual([{ temperature: 25 }, { temperature: 20 }]);
    });

    it("downsamples into epoch-aligned buckets with mean/min/max per field", async () => {
      const s = await fresh();
      const base = 1_557_590_400; // a multiple of 60
      // Bucket 0: 20, 22, 27 °C; bucket 60: 30 °C; bucket 120: none; bucket 180: 10, 11.
      await s.appendReadings(bucketFixture(base));
      const buckets = (await s.queryReadings({ device: "d", kind: "DHT22", from: base, to: base + 240, bucketSeconds: 60, limit: 10 })) as BucketRow[];
      expect(buckets.map((b) => [b.bucket, b.count])).toEqual([
        [base, 3],
        [base + 60, 1],
        [base + 180, 2],
      ]);
      const b0 = buckets[0]!.fields;
      expect(b0["temperature"]!.mean).toBeCloseTo((20 + 22 + 27) / 3, 9);
      expect(b0["temperature"]!.min).toBe(20);
      expect(b0["temperature"]!.max).toBe(27);
      expect(b0["humidity"]!.mean).toBeCloseTo(50, 9);
      expect(buckets[2]!.fields["humidity"]).toEqual({ mean: 85, min: 80, max: 90 });
      const motion = (await s.queryReadings({ device: "d", kind: "PIR", from: base, to: base + 240, bucketSeconds: 60, limit: 10 })) as BucketRow[];
      expect(motion).toEqual([{ device: "d", kind: "PIR", bucket: base, count: 4, fields: { motion: { mean: 0.75, min: 0, max: 1 } } }]);
      const onlyHum = (await s.queryReadings({
        device: "d",
        kind: "DHT22",
        fields: ["humidity"],
        from: base + 60,
        to: base + 61,
        bucketSeconds: 3600,
        limit: 10,
      })) as BucketRow[];
      expect(onlyHum).toEqual([{ device: "d", kind: "DHT22", bucket: base - (base % 3600), count: 1, fields: { humidity: { mean: 70, min: 70, max: 70 } } }]);
    });

    it("adds the second moment (M2) per bucket in the store, which merges with Chan's formula to the range's variance", async () => {
      const s = await fresh();
      const base = 1_557_590_400; // a multiple of 60
      // Bucket 0: 20, 22, 27 °C (mean 23, M2 = 9 + 1 + 16 = 26); bucket 60: 30 (M2 0); bucket 180: 10, 11 (M2 0.5).
      await s.appendReadings(bucketFixture(base));
      const buckets = (await s.queryReadings({
        device: "d",
        kind: "DHT22",
        from: base,
        to: base + 240,
        bucketSeconds: 60,
        secondMoment: true,
        limit: 10,
      })) as BucketRow[];
      expect(buckets.map((b) => b.fields["temperature"]!.m2)).toEqual([26, 0, 0.5]);
      expect(buckets.map((b) => b.fields["humidity"]!.m2)).toEqual([200, 0, 50]);
      expect(buckets[0]!.fields["temperature"]!.min).toBe(20);
      // Chan: all six temperatures 20, 22, 27, 30, 10, 11 have mean 20 and M2 0+4+49+100+100+81 = 334.
      let n = 0;
      let mean = 0;
      let m2 = 0;
      for (const b of buckets) {
        const f = b.fields["temperature"]!;
        const total = n + b.count;
        const delta = f.mean - mean;
        m2 += f.m2! + (delta * delta * n * b.count) / total;
        mean += (delta * b.count) / total;
        n = total;
      }
      expect(mean).toBeCloseTo(20, 9);
      expect(Math.abs(m2 - 334) / 334).toBeLessThan(1e-9);
      const motion = (await s.queryReadings({
        device: "d",
        kind: "PIR",
        from: base,
        to: base + 240,
        bucketSeconds: 60,
        secondMoment: true,
        limit: 10,
      })) as BucketRow[];
      expect(motion[0]!.fields["motion"]).toEqual({ mean: 0.75, min: 0, max: 1, m2: 0.75 }); // 1,0,1,1: 3·0.0625 + 0.5625
      // Values like 17.0 ± 0.4 keep every digit: 16.6 and 17.4 alternating, M2 = n · 0.16.
      const precise = Array.from({ length: 400 }, (_, i) => dht("p", base + i * 0.1, i % 2 === 0 ? 16.6 : 17.4, 50, `p-${i}`));
      await s.appendReadings(precise);
      const [whole] = (await s.queryReadings({
        device: "p",
        kind: "DHT22",
        fields: ["temperature"],
        from: base,
        to: base + 60,
        bucketSeconds: 60,
        secondMoment: true,
        limit: 10,
      })) as BucketRow[];
      expect(Math.abs(whole!.fields["temperature"]!.m2! - 400 * 0.16) / (400 * 0.16)).toBeLessThan(1e-9);
      await rejectsWith(s.queryReadings({ from: base, to: base + 60, secondMoment: true, limit: 10 }), "STORE_BAD_QUERY");
    });

    it("matches a reference computation of range, order and buckets on random readings", async () => {
      const s = await fresh();
      let run = 0;
      const reading = fc.record({
        offset: fc.integer({ min: 0, max: 7_200_000 }), // milliseconds within two hours
        temperature: fc.integer({ min: -400, max: 600 }), // tenths of a degree
        humidity: fc.integer({ min: 0, max: 1000 }),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(reading, { minLength: 1, maxLength: 80 }),
          fc.constantFrom(60, 300, 900),
          fc.integer({ min: 0, max: 3_600 }),
          async (raw, bucket, cut) => {
            const device = `prop-${run++}`;
            const rs = raw.map((r, i) => dht(device, T0 + r.offset / 1000, r.temperature / 10, r.humidity / 10, `${device}-${i}`));
            await s.appendReadings(rs);
            const from = T0 + cut;
            const to = T0 + 5_400;
            const inRange = rs.filter((r) => r.timestamp >= from && r.timestamp < to);
            const rows = (await s.queryReadings({ device, kind: "DHT22", from, to, limit: 1000 })) as ReadingRow[];
            const expectedOrder = [...inRange].sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : 1));
            expect(rows.map((r) => [r.timestamp, r.data])).toEqual(expectedOrder.map((r) => [r.timestamp, r.data]));

            const groups = new Map<number, number[]>();
            for (const r of inRange) {
              const b = Math.floor(r.timestamp / bucket) * bucket;
              groups.set(b, [...(groups.get(b) ?? []), (r.data as { temperature: number }).temperature]);
            }
            const buckets = (await s.queryReadings({
              device,
              kind: "DHT22",
              fields: ["temperature"],
              from,
              to,
              bucketSeconds: bucket,
              limit: 1000,
            })) as BucketRow[];
            const keys = [...groups.keys()].sort((a, b) => a - b);
            expect(buckets.map((b) => [b.bucket, b.count])).toEqual(keys.map((k) => [k, groups.get(k)!.length]));
            buckets.forEach((b, i) => {
              const xs = groups.get(keys[i]!)!;
              expect(b.fields["temperature"]!.min).toBe(Math.min(...xs));
              expect(b.fields["temperature"]!.max).toBe(Math.max(...xs));
              expect(b.fields["temperature"]!.mean).toBeCloseTo(xs.reduce((a, x) => a + x, 0) / xs.length, 9);
            });
          },
        ),
        { numRuns: 12, seed: 20190511 },
      );
    });

    it("pages readings by keyset: the pages, each after the last row of the one before, are the whole answer once", async () => {
      const s = await fresh();
      // Ties on every key column: one instant for several devices and kinds, and one device and
      // kind at one instant under two ids (two readings), so a page may end inside any of them.
      const rs: Reading[] = [];
      for (let i = 0; i < 40; i++) {
        const t = T0 + Math.floor(i / 4);
        rs.push(dht(`d${i % 3}`, t, 10 + i, 50), pir(`d${i % 2}`, t, i % 2 === 0), light("d1", t, true, `l-${i}`));
        if (i % 5 === 0) rs.push(dht(`d${i % 3}`, t, 99, 1, `twin-${i}`));
      }
      await s.appendReadings(rs);
      for (const query of [{}, { device: "d1" }, { kind: "DHT22" as const }, { device: "d0", kind: "DHT22" as const }]) {
        const whole = (await s.queryReadings({ ...query, from: T0, to: T0 + 9, limit: 1000, withIds: true })) as ReadingRow[];
        expect(whole.length).toBeGreaterThan(10);
        for (const size of [1, 3, 7]) {
          const paged: ReadingRow[] = [];
          let after: ReadingCursor | undefined;
          for (;;) {
            const page = (await s.queryReadings({ ...query, from: T0, to: T0 + 9, limit: size, withIds: true, ...(after ? { after } : {}) })) as ReadingRow[];
            paged.push(...page);
            if (page.length < size) break;
            const last = page[page.length - 1]!;
            after = { timestamp: last.timestamp, device: last.device, kind: last.kind, id: last.id! };
          }
          expect(paged).toEqual(whole);
        }
      }
      await rejectsWith(s.queryReadings({ from: T0, to: T0 + 9, limit: 10, bucketSeconds: 60, withIds: true }), "STORE_BAD_QUERY");
    });

    it("refuses invalid queries and readings with stable codes, storing nothing", async () => {
      const s = await fresh();
      await rejectsWith(s.queryReadings({ from: T0, to: T0, limit: 10 }), "STORE_BAD_QUERY");
      await rejectsWith(s.queryReadings({ from: T0, to: T0 + 1, limit: 0 }), "STORE_BAD_QUERY");
      await rejectsWith(s.queryReadings({ from: T0, to: T0 + 1, limit: 10, fields: ["temperature"] }), "STORE_BAD_QUERY");
      await rejectsWith(s.queryReadings({ kind: "PIR", from: T0, to: T0 + 1, limit: 10, fields: ["temperature"] }), "STORE_BAD_QUERY");
      await rejectsWith(s.queryReadings({ from: T0, to: T0 + 1, limit: 10, bucketSeconds: 0 }), "STORE_BAD_QUERY");
      const bad = { ...dht("d", T0, 1, 2), data: { temperature: Number.NaN, humidity: 2 } };
      await rejectsWith(s.appendReadings([dht("d", T0 + 1, 1, 2), bad]), "STORE_INVALID_READING");
      expect(await s.countReadings()).toBe(0);
    });

    it("keeps the device registry: add, get, list, status, tokens, revoke", async () => {
      const s = await fresh();
      const dev = (id: string): Device => ({ id, sensors: ["DHT22"], status: "active", createdAt: 1000, updatedAt: 1000 });
      const tok = (deviceId: string, tokenHash: string, expiresAt: number | null = null): DeviceToken => ({
        deviceId,
        tokenHash,
        issuedAt: 1000,
        expiresAt,
        revokedAt: null,
      });
      await s.addDevice(dev("rp2"), tok("rp2", "h2"));
      await s.addDevice(dev("rp1"), tok("rp1", "h1", 9000));
      await rejectsWith(s.addDevice(dev("rp1"), tok("rp1", "h9")), "STORE_DEVICE_EXISTS");
      expect(await s.findToken("h9")).toBeUndefined();
      await rejectsWith(s.addDevice(dev("rp3"), tok("rp1", "h3")), "STORE_INVALID_DEVICE");
      expect((await s.listDevices()).map((d) => d.id)).toEqual(["rp1", "rp2"]);
      expect(await s.getDevice("rp1")).toEqual(dev("rp1"));
      expect(await s.getDevice("nope")).toBeUndefined();
      expect(await s.findToken("h1")).toEqual(tok("rp1", "h1", 9000));

      await s.setDeviceStatus("rp1", "disabled", 2000);
      expect(await s.getDevice("rp1")).toMatchObject({ status: "disabled", updatedAt: 2000 });
      await rejectsWith(s.setDeviceStatus("nope", "disabled", 2000), "STORE_DEVICE_NOT_FOUND");
      await s.setDeviceSensors("rp1", ["PIR", "DHT22"], 2500);
      expect(await s.getDevice("rp1")).toMatchObject({ sensors: ["DHT22", "PIR"], updatedAt: 2500 });
      await rejectsWith(s.setDeviceSensors("nope", ["PIR"], 2500), "STORE_DEVICE_NOT_FOUND");

      await s.addToken(tok("rp1", "h1b"));
      await rejectsWith(s.addToken(tok("rp1", "h1b")), "STORE_TOKEN_EXISTS");
      await rejectsWith(s.addToken(tok("nope", "hx")), "STORE_DEVICE_NOT_FOUND");
      // Rotation: every token but the new one ends at 5000 (the overlap), the new one lives on.
      await s.revokeTokens("rp1", 5000, "h1b");
      expect((await s.findToken("h1"))?.revokedAt).toBe(5000);
      expect((await s.findToken("h1b"))?.revokedAt).toBeNull();
      // Revoking again later never extends a token that already ends earlier.
      await s.revokeTokens("rp1", 7000);
      expect((await s.findToken("h1"))?.revokedAt).toBe(5000);
      expect((await s.findToken("h1b"))?.revokedAt).toBe(7000);
      expect((await s.findToken("h2"))?.revokedAt).toBeNull();
      await rejectsWith(s.revokeTokens("nope", 1), "STORE_DEVICE_NOT_FOUND");
    });

    it("keeps a device's set of sensors, and refuses an empty or repeated set", async () => {
      const s = await fresh();
      const tok = (deviceId: string, tokenHash: string): DeviceToken => ({ deviceId, tokenHash, issuedAt: 1, expiresAt: null, revokedAt: null });
      const pi: Device = { id: "rp829c7e0e", sensors: ["DHT22", "PIR", "LIGHT"], status: "active", createdAt: 1, updatedAt: 1 };
      await s.addDevice(pi, tok("rp829c7e0e", "hp"));
      await s.addDevice({ ...pi, id: "rp-light", sensors: ["LIGHT"] }, tok("rp-light", "hl"));
      expect(await s.getDevice("rp829c7e0e")).toEqual(pi);
      expect((await s.listDevices()).map((d) => [d.id, d.sensors])).toEqual([
        ["rp-light", ["LIGHT"]],
        ["rp829c7e0e", ["DHT22", "PIR", "LIGHT"]],
      ]);
      await rejectsWith(s.addDevice({ ...pi, id: "none", sensors: [] }, tok("none", "h0")), "STORE_INVALID_DEVICE");
      await rejectsWith(s.addDevice({ ...pi, id: "twice", sensors: ["PIR", "PIR"] }, tok("twice", "h2")), "STORE_INVALID_DEVICE");
      await rejectsWith(s.addDevice({ ...pi, id: "odd", sensors: ["DHT22", "SONAR" as "PIR"] }, tok("odd", "h3")), "STORE_INVALID_DEVICE");
    });

    it("keeps read tokens: add, list, find by hash, revoke by name (never extending an earlier end)", async () => {
      const s = await fresh();
      const rt = (name: string, tokenHash: string, scope: ReadToken["scope"] = "read"): ReadToken => ({
        name,
        scope,
        tokenHash,
        issuedAt: 1000,
        expiresAt: null,
        revokedAt: null,
      });
      await s.addReadToken(rt("grafana", "g1"));
      await s.addReadToken(rt("prometheus", "p1", "metrics"));
      await rejectsWith(s.addReadToken(rt("grafana", "g2")), "STORE_TOKEN_EXISTS");
      await rejectsWith(s.addReadToken(rt("other", "g1")), "STORE_TOKEN_EXISTS");
      await rejectsWith(s.addReadToken(rt("has space", "x1")), "STORE_INVALID_DEVICE");
      expect((await s.listReadTokens()).map((t) => [t.name, t.scope])).toEqual([
        ["grafana", "read"],
        ["prometheus", "metrics"],
      ]);
      expect(await s.findReadToken("p1")).toEqual(rt("prometheus", "p1", "metrics"));
      expect(await s.findReadToken("nope")).toBeUndefined();
      await s.revokeReadToken("grafana", 5000);
      await s.revokeReadToken("grafana", 9000);
      expect((await s.findReadToken("g1"))?.revokedAt).toBe(5000);
      await rejectsWith(s.revokeReadToken("nope", 1), "STORE_TOKEN_NOT_FOUND");
      // Read tokens are not device tokens, and the other way round.
      expect(await s.findToken("g1")).toBeUndefined();
    });

    it("keeps readings and devices across close and reopen, and refuses calls once closed", async () => {
      const s = await fresh();
      await s.appendReadings([dht("d", T0, 20, 50), pir("d", T0 + 1, true)]);
      await s.addDevice(
        { id: "d", sensors: ["DHT22"], status: "active", createdAt: 1, updatedAt: 1 },
        { deviceId: "d", tokenHash: "h", issuedAt: 1, expiresAt: null, revokedAt: null },
      );
      // An append still waiting for its group commit when close() is called is committed, not lost.
      const late = s.appendReadings([dht("d", T0 + 2, 21, 51)]);
      await s.close();
      expect(await late).toEqual({ inserted: 1, duplicates: 0 });
      expect(await s.healthy()).toBe(false);
      await rejectsWith(s.appendReadings([dht("d", T0 + 3, 1, 1)]), "STORE_CLOSED");
      const again = await reopen();
      expect(await again.healthy()).toBe(true);
      expect(await again.countReadings()).toBe(3);
      expect((await again.getDevice("d"))?.status).toBe("active");
      expect(await again.appendReadings([dht("d", T0, 20, 50)])).toEqual({ inserted: 0, duplicates: 1 });
    });

    describe("alarms", () => {
      const alarm = (device: string, kind: string, start: number, end: number | null): Alarm => ({
        id: alarmId(device, "DHT22", kind, start),
        device,
        sensor: "DHT22",
        kind,
        state: end === null ? "open" : "closed",
        start,
        end,
        score: 3.5,
        evidence: `${kind} on ${device}`,
        openedAt: 1_700_000_000_123,
        closedAt: end === null ? null : 1_700_000_100_456,
      });

      it("saves alarms, replaces one by id, keeps them across a reopen, and filters by device, kind, state and overlap", async () => {
        const s = await fresh();
        const stuck = alarm("a", "stuck", T0 + 100, null);
        const spike = alarm("a", "spike", T0, T0);
        const dropout = alarm("b", "dropout", T0 + 50, T0 + 400);
        for (const a of [stuck, spike, dropout]) await s.saveAlarm(a);
        const closed = { ...stuck, state: "closed" as const, end: T0 + 900, closedAt: 1_700_000_200_000, evidence: "ended" };
        await s.saveAlarm(closed);
        await s.close();
        const again = await reopen();
        const all = await again.listAlarms({ state: "all", limit: 100 });
        expect(all).toEqual([closed, dropout, spike]); // newest start first
        expect(await again.listAlarms({ state: "all", device: "a", limit: 100 })).toEqual([closed, spike]);
        expect(await again.listAlarms({ state: "all", kind: "dropout", limit: 100 })).toEqual([dropout]);
        expect(await again.listAlarms({ state: "open", limit: 100 })).toEqual([]);
        expect(await again.listAlarms({ state: "closed", limit: 1 })).toEqual([closed]);
        // Overlap with [from, to): the spike (T0) ends before T0 + 10; the stuck episode starts after T0 + 99.
        expect((await again.listAlarms({ state: "all", from: T0 + 10, to: T0 + 100, limit: 100 })).map((a) => a.kind)).toEqual(["dropout"]);
        await again.saveAlarm(alarm("c", "dropout", T0 + 1000, null));
        expect((await again.listAlarms({ state: "open", from: T0 + 5000, limit: 100 })).map((a) => a.device)).toEqual(["c"]);
      });
    });
  });
}
