import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Reading } from "../../sensors/index.js";
import { openSqliteStore } from "../adapters/store-sqlite/index.js";
import type { Alarm } from "../domain/alarm.js";
import type { AlarmRegistry, TelemetryStore } from "../ports.js";
import { LiveDetection } from "./live-detection.js";

const T0 = 1_760_000_000;
const CADENCE = 15;

/** A DHT22 reading at device time t that arrives 0.2 s later. */
function dht(device: string, t: number, temperature: number, humidity: number): Reading {
  return { id: `${device}@${t}`, device, kind: "DHT22", typeLabel: "DHT22", timestamp: t, receivedAt: t * 1000 + 200, data: { temperature, humidity } };
}

/** A healthy room: a slow sine with noise at the DHT22's resolution, never two equal readings in a row for long. */
const STUCK_T = 21.3;
const STUCK_H = 45.2;
function healthy(device: string, from: number, n: number, start = 0): Reading[] {
  return Array.from({ length: n }, (_, i) => {
    const k = start + i;
    const t = from + i * CADENCE;
    return dht(device, t, Math.round((21 + 0.3 * Math.sin(k / 300) + ((k * 7919) % 5) / 10) * 10) / 10, Math.round((45 + ((k * 104729) % 7) / 10) * 10) / 10);
  });
}

const dirs: string[] = [];
const stores: TelemetryStore[] = [];
async function fileStore(dir?: string): Promise<{ store: TelemetryStore; dir: string }> {
  const d = dir ?? mkdtempSync(join(tmpdir(), "mimic-live-"));
  if (dir === undefined) dirs.push(d);
  const store = await openSqliteStore({ path: join(d, "mimic.db"), thread: "inline" });
  stores.push(store);
  return { store, dir: d };
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("live detection", () => {
  it("opens a stuck alarm while the run lasts, closes it when the values change, and raises it once", async () => {
    const { store } = await fileStore();
    let now = T0 * 1000;
    const live = await LiveDetection.start(store, { sweepMs: 0, now: () => now });
    const before = healthy("a", T0, 400);
    live.observe(before);
    const stuckFrom = T0 + 400 * CADENCE;
    const stuck = Array.from({ length: 80 }, (_, i) => dht("a", stuckFrom + i * CADENCE, STUCK_T, STUCK_H));
    live.observe(stuck);
    now = (stuckFrom + 80 * CADENCE) * 1000;
    await live.flush();
    const open = await store.listAlarms({ state: "open", limit: 10 });
    expect(open.map((a) => [a.kind, a.start, a.end])).toEqual([["stuck", stuckFrom, null]]);
    live.observe(healthy("a", stuckFrom + 80 * CADENCE, 5, 480));
    await live.flush();
    const all = await store.listAlarms({ state: "all", limit: 10 });
    expect(all.map((a) => [a.kind, a.state, a.start, a.end])).toEqual([["stuck", "closed", stuckFrom, stuckFrom + 79 * CADENCE]]);
    expect(all[0]!.id).toBe(open[0]!.id);
    expect(all[0]!.openedAt).toBe(open[0]!.openedAt);
    expect(live.openAlarms()).toEqual([]);
  });

  it("keeps an episode open across a restart as the same alarm, and closes it when the values change", async () => {
    const { store, dir } = await fileStore();
    const first = await LiveDetection.start(store, { sweepMs: 0 });
    first.observe(healthy("a", T0, 400));
    const stuckFrom = T0 + 400 * CADENCE;
    first.observe(Array.from({ length: 80 }, (_, i) => dht("a", stuckFrom + i * CADENCE, STUCK_T, STUCK_H)));
    await first.stop();
    await store.close();

    const { store: again } = await fileStore(dir);
    const second = await LiveDetection.start(again, { sweepMs: 0 });
    expect(second.openAlarms().map((a) => a.kind)).toEqual(["stuck"]);
    // The run goes on after the restart, long enough for the new detector to call it stuck too.
    const more = Array.from({ length: 200 }, (_, i) => dht("a", stuckFrom + (80 + i) * CADENCE, STUCK_T, STUCK_H));
    second.observe(more);
    second.observe([dht("a", stuckFrom + 280 * CADENCE, 23.5, 48.0), dht("a", stuckFrom + 281 * CADENCE, 23.6, 48.2)]);
    await second.flush();
    const all = await again.listAlarms({ state: "all", limit: 10 });
    expect(all.map((a) => [a.kind, a.state, a.start, a.end])).toEqual([["stuck", "closed", stuckFrom, stuckFrom + 279 * CADENCE]]);
  });

  it("opens a dropout when nothing arrives for 3 learned cadences and closes it with the next reading", async () => {
    const { store } = await fileStore();
    let now = T0 * 1000;
    const live = await LiveDetection.start(store, { sweepMs: 0, now: () => now });
    const readings = healthy("a", T0, 100);
    live.observe(readings);
    const last = readings.at(-1)!.timestamp;
    now = (last + 2 * CADENCE) * 1000;
    live.sweep();
    expect(live.openAlarms()).toEqual([]);
    expect(live.health("a")[0]!.status).toBe("live");
    now = (last + 3.5 * CADENCE) * 1000;
    live.sweep();
    live.sweep(); // once per episode
    expect(live.openAlarms().map((a) => [a.kind, a.start])).toEqual([["dropout", last]]);
    expect(live.health("a")[0]!.status).toBe("late");
    now = (last + 20 * CADENCE) * 1000;
    expect(live.health("a")[0]!).toMatchObject({ sensor: "DHT22", status: "silent", lastSeen: last, cadenceSeconds: CADENCE });
    live.observe(healthy("a", last + 20 * CADENCE, 3, 100));
    await live.flush();
    const all = await store.listAlarms({ state: "all", limit: 10 });
    expect(all.map((a) => [a.kind, a.state, a.start, a.end])).toEqual([["dropout", "closed", last, last + 20 * CADENCE]]);
  });

  it("raises a gap in device time as a dropout at once, and the detector's own dropout a day later joins it", async () => {
    const { store } = await fileStore();
    const live = await LiveDetection.start(store, { sweepMs: 0 });
    const before = healthy("a", T0, 100);
    live.observe(before);
    const last = before.at(-1)!.timestamp;
    live.observe(healthy("a", last + 40 * CADENCE, 1, 100));
    await live.flush();
    const at = await store.listAlarms({ state: "all", limit: 10 });
    expect(at.map((a) => [a.kind, a.state, a.start, a.end])).toEqual([["dropout", "closed", last, last + 40 * CADENCE]]);
    // A day of readings later the detector gives up pairing the gap with a step back.
    live.observe(healthy("a", last + 41 * CADENCE, 6000, 101));
    await live.flush();
    const later = await store.listAlarms({ state: "all", limit: 10 });
    expect(later.map((a) => [a.id, a.kind, a.start, a.end])).toEqual([[at[0]!.id, "dropout", last, last + 40 * CADENCE]]);
  });

  it("keeps two gaps two alarms when the detector reports the first one late, at the second", async () => {
    const { store } = await fileStore();
    const live = await LiveDetection.start(store, { sweepMs: 0 });
    const a = healthy("a", T0, 100);
    const gap1 = a.at(-1)!.timestamp;
    const b = healthy("a", gap1 + 40 * CADENCE, 30, 100); // 40 cadences: a gap of 39
    const gap2 = b.at(-1)!.timestamp;
    const c = healthy("a", gap2 + 10 * CADENCE, 30, 130); // then a shorter one: the first is flushed here
    live.observe([...a, ...b, ...c]);
    await live.flush();
    const all = await store.listAlarms({ state: "all", limit: 10 });
    expect(all.map((x) => [x.kind, x.start, x.end, Math.round(x.score)])).toEqual([
      ["dropout", gap2, gap2 + 10 * CADENCE, 10],
      ["dropout", gap1, gap1 + 40 * CADENCE, 40],
    ]);
  });

  it("raises one alarm for a run of impossible values, and separate ones for separate spikes", async () => {
    const { store } = await fileStore();
    const live = await LiveDetection.start(store, { sweepMs: 0 });
    const r = healthy("a", T0, 300);
    for (let i = 100; i < 110; i++) r[i] = dht("a", r[i]!.timestamp, 150 + i / 10, 40); // 10 readings out of range
    r[200] = dht("a", r[200]!.timestamp, 45, (r[200]!.data as { humidity: number }).humidity);
    r[250] = dht("a", r[250]!.timestamp, 48, (r[250]!.data as { humidity: number }).humidity);
    live.observe(r);
    await live.flush();
    const all = await store.listAlarms({ state: "all", limit: 100 });
    const range = all.filter((a) => a.kind === "range");
    expect(range.map((a) => [a.start, a.end])).toEqual([[r[100]!.timestamp, r[109]!.timestamp]]);
    expect(all.filter((a) => a.kind === "spike").map((a) => a.start)).toEqual([r[250].timestamp, r[200].timestamp]);
  });

  it("gives an event sensor its last event and the status of the device's periodic sensor", async () => {
    const { store } = await fileStore();
    let now = T0 * 1000;
    const live = await LiveDetection.start(store, { sweepMs: 0, now: () => now });
    live.observe(healthy("a", T0, 50));
    live.observe([{ id: "p1", device: "a", kind: "PIR", typeLabel: "Onyehn_PIR", timestamp: T0 + 100, receivedAt: (T0 + 100) * 1000, data: { motion: true } }]);
    now = (T0 + 49 * CADENCE + 1) * 1000;
    expect(live.health("a").map((h) => [h.sensor, h.status, h.lastSeen, h.cadenceSeconds])).toEqual([
      ["DHT22", "live", T0 + 49 * CADENCE, CADENCE],
      ["PIR", "live", T0 + 100, null],
    ]);
    live.observe([{ id: "p2", device: "b", kind: "PIR", typeLabel: "Onyehn_PIR", timestamp: T0, receivedAt: T0 * 1000, data: { motion: true } }]);
    expect(live.health("b")[0]!.status).toBeNull(); // no periodic sensor to judge by
  });

  it("keeps at most maxSensors sensors in memory", async () => {
    const { store } = await fileStore();
    const live = await LiveDetection.start(store, { sweepMs: 0, maxSensors: 3 });
    for (const d of ["a", "b", "c", "d"]) live.observe(healthy(d, T0, 2));
    expect(live.health("a")).toEqual([]);
    expect(live.health("d").length).toBe(1);
  });

  it("reports a clock put right (device time stepping back) with its end after its start", async () => {
    const { store } = await fileStore();
    const live = await LiveDetection.start(store, { sweepMs: 0 });
    const before = healthy("a", T0, 200);
    const last = before.at(-1)!.timestamp;
    // The fast clock is put right: device time goes back 3 s instead of on by a cadence, and no
    // gap forward follows within a day of readings, so the step is a clock drift, not a jump.
    live.observe([...before, ...healthy("a", last - 3, 6000, 200)]);
    await live.flush();
    const drift = (await store.listAlarms({ state: "all", limit: 100 })).filter((a) => a.kind === "clock_drift");
    expect(drift.map((a) => [a.start, a.end])).toEqual([[last - 3, last]]);
  });

  describe("when readings are judged", () => {
    const stuckFrom = T0 + 400 * CADENCE;
    /** 400 healthy readings, then a run of repeats that is stuck by its 7th reading (position 406). */
    const series = (): Reading[] => [...healthy("a", T0, 400), ...Array.from({ length: 80 }, (_, i) => dht("a", stuckFrom + i * CADENCE, STUCK_T, STUCK_H))];
    /** An alarm registry that records each write as it is asked for. */
    const recorder = (): { registry: AlarmRegistry; saved: Alarm[] } => {
      const saved: Alarm[] = [];
      const registry: AlarmRegistry = {
        saveAlarm: (a) => {
          saved.push(a);
          return Promise.resolve();
        },
        listAlarms: () => Promise.resolve([]),
      };
      return { registry, saved };
    };
    /** Lets this turn's microtasks run (a 201 being sent, an alarm write being asked for), not the next turn. */
    const microtasks = async (): Promise<void> => {
      for (let i = 0; i < 10; i++) await Promise.resolve();
    };
    const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

    it("after the acks: on the next turn of the event loop, a chunk a turn", async () => {
      const { registry, saved } = recorder();
      const live = await LiveDetection.start(registry, { sweepMs: 0, judgeChunk: 100 });
      live.observe(series());
      await microtasks();
      expect(saved).toEqual([]);
      let turns = 0;
      while (saved.length === 0 && turns < 10) {
        await nextTurn();
        await microtasks();
        turns++;
      }
      expect(turns).toBe(5); // positions 0–99, …, 400–499: the 7th repeat (406) is judged in the fifth
      expect(saved.map((a) => [a.kind, a.state, a.start])).toEqual([["stuck", "open", stuckFrom]]);
      await live.stop();
    });

    it("at once past maxQueued readings waiting, and before anything is read", async () => {
      const { registry, saved } = recorder();
      const bounded = await LiveDetection.start(registry, { sweepMs: 0, maxQueued: 300 });
      bounded.observe(series());
      await microtasks();
      expect(saved.map((a) => [a.kind, a.start])).toEqual([["stuck", stuckFrom]]);
      await bounded.stop();

      const read = await LiveDetection.start(registry, { sweepMs: 0 });
      read.observe(healthy("b", T0, 200));
      expect(read.health("b")[0]!.lastSeen).toBe(T0 + 199 * CADENCE);
      read.observe(series());
      expect(read.openAlarms().map((a) => [a.device, a.kind])).toEqual([["a", "stuck"]]);
      await read.stop();
    });

    it("judges each sensor's readings as one series however deliveries mix sensors and turns split them", async () => {
      const pir = (device: string, t: number): Reading => ({
        id: `${device}:pir@${t}`,
        device,
        kind: "PIR",
        typeLabel: "PIR",
        timestamp: t,
        receivedAt: t * 1000,
        data: { motion: true },
      });
      // a: a stuck run, then healthy again; b: a run of impossible values, a spike and a gap in device time; a and b's PIR: events.
      const a = [...series(), ...healthy("a", stuckFrom + 80 * CADENCE, 60, 480)];
      const b = healthy("b", T0, 400);
      for (let i = 100; i < 104; i++) b[i] = dht("b", b[i]!.timestamp, 150, 40);
      b[200] = dht("b", b[200]!.timestamp, 45, 45);
      const bLater = healthy("b", T0 + 440 * CADENCE, 100, 400);
      const pirA = Array.from({ length: 90 }, (_, i) => pir("a", T0 + i * 37));
      const pirB = Array.from({ length: 40 }, (_, i) => pir("b", T0 + i * 11));
      const bySensor = [a, [...b, ...bLater], pirA, pirB];
      const finalAlarms = async (feed: (live: LiveDetection) => void, chunk: number) => {
        const { registry, saved } = recorder();
        const live = await LiveDetection.start(registry, { sweepMs: 0, judgeChunk: chunk, now: () => T0 * 1000 });
        feed(live);
        await live.flush();
        const health = ["a", "b"].map((d) => live.health(d));
        await live.stop();
        const last = new Map(saved.map((x) => [x.id, x]));
        return { alarms: [...last.values()].sort((x, y) => x.id.localeCompare(y.id)), health };
      };
      const whole = await finalAlarms((live) => bySensor.forEach((one) => live.observe(one)), Number.POSITIVE_INFINITY);
      // The same readings taken in turn from each sensor, in runs of 1 to 37, in deliveries of 1 to 300, judged 7 a turn.
      const mixed = await finalAlarms((live) => {
        const queues = bySensor.map((one) => [...one]);
        const all: Reading[] = [];
        for (let k = 0; queues.some((q) => q.length > 0); k++) all.push(...queues[k % 4]!.splice(0, 1 + ((k * 13) % 37)));
        for (let at = 0, k = 0; at < all.length; k++) {
          const size = [1, 300, 17, 64, 5][k % 5]!;
          live.observe(all.slice(at, at + size));
          at += size;
        }
      }, 7);
      expect(whole.alarms.map((x) => x.kind).sort()).toEqual(["drift", "dropout", "range", "spike", "spike", "stuck"]);
      expect(mixed).toEqual(whole);
    });

    it("reports a delivery it cannot read and goes on with the next", async () => {
      const { registry } = recorder();
      const errors: unknown[] = [];
      const live = await LiveDetection.start(registry, { sweepMs: 0, onError: (e) => errors.push(e) });
      const broken = { ...dht("a", T0 + CADENCE, 21, 45), data: undefined } as unknown as Reading;
      expect(() => live.observe([dht("a", T0, 21, 45), broken])).not.toThrow();
      expect(errors.length).toBe(1);
      live.observe(healthy("a", T0 + 2 * CADENCE, 3));
      expect(live.health("a")[0]!.lastSeen).toBe(T0 + 4 * CADENCE);
      await live.stop();
    });

    it("at once for a few readings with none waiting (single-reading requests), else behind those waiting", async () => {
      const { registry, saved } = recorder();
      const live = await LiveDetection.start(registry, { sweepMs: 0 });
      const impossible = dht("c", T0, 150, 40); // out of the DHT22's range: an alarm on its own
      live.observe([impossible]);
      await microtasks();
      expect(saved.map((a) => [a.device, a.kind])).toEqual([["c", "range"]]);
      saved.length = 0;
      live.observe(series());
      live.observe([dht("d", T0, 150, 40)]); // waits its turn behind the delivery before it
      await microtasks();
      expect(saved).toEqual([]);
      await live.flush();
      expect(saved.map((a) => [a.device, a.kind])).toEqual([
        ["a", "stuck"],
        ["d", "range"],
      ]);
      await live.stop();
    });
  });
});
