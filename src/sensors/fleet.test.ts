import { describe, expect, it } from "vitest";
import { isMimicError } from "../errors/index.js";
import { Fleet, splitMix } from "./fleet.js";
import { DAY, HOUR } from "./internal/calendar.js";
import { runFleet } from "./test-support/collect.js";

const START = Date.UTC(2019, 4, 8);
const options = { seed: 11, devices: 9, mix: { DHT22: 2, PIR: 1, LIGHT: 1 }, start: START, faultRates: { stuck: 1, spike: 2, drift: 1, dropout: 1, clock_drift: 1, clock_jump: 1, network_outage: 1 } };

describe("Fleet", () => {
  it("gives the same readings and faults for the same seed, however time is sliced (any --speed)", () => {
    const end = START + 8 * HOUR;
    const whole = runFleet(options, end);
    // Ticks of 1 s (speed 1 with a 1 s tick) and of 17 min (speed 60 with a 17 s tick).
    const fine = runFleet(options, end, Array.from({ length: 8 * 3600 }, (_, i) => START + i * 1000));
    const coarse = runFleet(options, end, Array.from({ length: 28 }, (_, i) => START + i * 17 * 60_000));
    expect(fine.readings).toEqual(whole.readings);
    expect(coarse.readings).toEqual(whole.readings);
    expect(fine.faults).toEqual(whole.faults);
    expect(coarse.faults).toEqual(whole.faults);
    expect(whole.readings.length).toBeGreaterThan(500);
    expect(whole.faults.length).toBeGreaterThan(0);
  });

  it("lays out the seed's deployment: one id per room, carrying a DHT22, a PIR and a light sensor", () => {
    const fleet = new Fleet({ ...options, devices: 4, layout: "seed" });
    expect(fleet.manifest).toHaveLength(12);
    const byId = new Map<string, { kinds: string[]; rooms: Set<string> }>();
    for (const m of fleet.manifest) {
      const e = byId.get(m.id) ?? { kinds: [], rooms: new Set<string>() };
      e.kinds.push(m.kind);
      e.rooms.add(m.room);
      byId.set(m.id, e);
    }
    expect(byId.size).toBe(4);
    for (const e of byId.values()) {
      expect(e.kinds).toEqual(["DHT22", "PIR", "LIGHT"].filter((k) => e.kinds.includes(k)));
      expect(e.kinds).toHaveLength(3);
      expect(e.rooms.size).toBe(1);
    }
    const run = runFleet({ ...options, devices: 4, layout: "seed" }, START + 2 * DAY);
    expect(new Set(run.readings.map((r) => `${r.device}/${r.kind}`)).size).toBe(12);
    // The default layout is unchanged by the option's existence: the same readings as before.
    expect(runFleet({ ...options, layout: "sensor" }, START + HOUR).readings).toEqual(runFleet(options, START + HOUR).readings);
    expect(() => new Fleet({ ...options, devices: 400_000, layout: "seed" })).toThrow(/from 1 to 333333/);
  });

  it("differs for another seed, and gives every reading a unique id", () => {
    const a = runFleet(options, START + 6 * HOUR);
    const b = runFleet({ ...options, seed: 12 }, START + 6 * HOUR);
    expect(a.readings.map((r) => r.data)).not.toEqual(b.readings.map((r) => r.data));
    const ids = a.readings.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Another start: other ids, so a second run into the same store is not taken for duplicates.
    const c = runFleet({ ...options, start: START + 1000 }, START + 6 * HOUR);
    expect(new Set([...ids, ...c.readings.map((r) => r.id)]).size).toBe(ids.length + c.readings.length);
  });

  it("keeps a device's readings in time order and stamps them with the device clock", () => {
    const run = runFleet(options, START + DAY);
    for (const rs of run.byDevice.values()) for (let i = 1; i < rs.length; i++) expect(rs[i]!.trueTime).toBeGreaterThanOrEqual(rs[i - 1]!.trueTime);
    expect(run.readings.every((r) => Number.isFinite(r.timestamp) && r.timestamp > START / 1000 - 3 * 3600)).toBe(true);
  });

  it("splits devices over sensor kinds by weight and puts sensors of one index in one room", () => {
    expect(splitMix(12, { DHT22: 2, PIR: 1, LIGHT: 1 })).toEqual({ DHT22: 6, PIR: 3, LIGHT: 3 });
    expect(splitMix(5, { DHT22: 1, PIR: 1, LIGHT: 1 })).toEqual({ DHT22: 2, PIR: 2, LIGHT: 1 });
    expect(splitMix(3, { DHT22: 1 })).toEqual({ DHT22: 3, PIR: 0, LIGHT: 0 });
    const fleet = new Fleet({ ...options, devices: 12 });
    expect(fleet.manifest.filter((m) => m.room === "room-1").map((m) => m.kind)).toEqual(["DHT22", "PIR", "LIGHT"]);
    expect(new Set(fleet.manifest.map((m) => m.id)).size).toBe(12);
    for (const m of fleet.manifest) expect(m.id).toMatch(/^rp[0-9a-f]{8}$/);
  });

  it("rejects impossible options with every problem listed", () => {
    try {
      new Fleet({ ...options, devices: 0, mix: {}, cadence: { intervalMs: 1000, jitter: "low", failureRate: 2, maxAttempts: 15 } });
      expect.unreachable();
    } catch (error) {
      expect(isMimicError(error) && error.code).toBe("SIM_BAD_OPTION");
      if (isMimicError(error)) expect(error.issues.map((i) => i.path)).toEqual(["devices", "mix", "interval", "read-failure-rate"]);
    }
  });
});
