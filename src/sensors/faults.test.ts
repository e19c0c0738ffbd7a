import { describe, expect, it } from "vitest";
import { DEFAULT_FAULT_RATES, FAULT_KINDS, type FaultKind, type FaultRecord } from "./faults.js";
import { DAY } from "./internal/calendar.js";
import { dht, NO_FAULTS, runFleet } from "./test-support/collect.js";

const START = Date.UTC(2019, 4, 8);
const HIGH: Record<FaultKind, number> = { stuck: 2, spike: 4, drift: 1, dropout: 2, clock_drift: 1, clock_jump: 2, network_outage: 2 };

const covers = (f: FaultRecord, t: number): boolean => (f.kind === "spike" ? t === f.start : t >= f.start && t < f.end);

describe("labelled faults", () => {
  const run = runFleet({ seed: 9, devices: 8, mix: { DHT22: 2, PIR: 1, LIGHT: 1 }, start: START, faultRates: HIGH }, START + 4 * DAY);

  it("injects every kind and records each once with device, kind, start and end", () => {
    for (const kind of FAULT_KINDS) expect(run.faults.some((f) => f.kind === kind)).toBe(true);
    const keys = run.faults.map((f) => `${f.device}/${f.kind}/${f.start}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of run.faults) {
      expect(f.end).toBeGreaterThanOrEqual(f.start);
      expect(run.fleet.manifest.some((m) => m.id === f.device)).toBe(true);
    }
    // Only the DHT22 drifts.
    const kindOf = new Map(run.fleet.manifest.map((m) => [m.id, m.kind]));
    for (const f of run.faults.filter((x) => x.kind === "drift")) expect(kindOf.get(f.device)).toBe("DHT22");
  });

  it("labels exactly the readings a recorded fault covers", () => {
    const faultsOf = new Map<string, FaultRecord[]>();
    for (const f of run.faults) faultsOf.set(f.device, [...(faultsOf.get(f.device) ?? []), f]);
    for (const r of run.readings) {
      const active = (faultsOf.get(r.device) ?? []).filter((f) => f.device === r.device && covers(f, r.trueTime) && f.kind !== "dropout");
      const expected = FAULT_KINDS.filter((k) => active.some((f) => f.kind === k));
      expect(r.fault === "" ? [] : r.fault.split("+")).toEqual(expected);
    }
  });

  it("applies each fault's effect: silence, frozen values, drift, clock error, late delivery, spikes", () => {
    const dropouts = run.faults.filter((f) => f.kind === "dropout");
    for (const f of dropouts) expect(run.readings.some((r) => r.device === f.device && r.trueTime >= f.start && r.trueTime < f.end)).toBe(false);
    let checked = 0;
    for (const r of run.readings) {
      const offset = r.timestamp * 1000 - r.trueTime;
      if (r.fault === "") expect(Math.abs(offset)).toBeLessThan(51); // the clock's own small error
      if (r.fault === "clock_jump") {
        const f = run.faults.find((x) => x.device === r.device && x.kind === "clock_jump" && covers(x, r.trueTime))!;
        expect(Math.abs(offset - Number(f.detail["offsetMs"]))).toBeLessThan(51);
        checked++;
      }
      if (r.fault.includes("network_outage")) {
        const f = run.faults.find((x) => x.device === r.device && x.kind === "network_outage" && covers(x, r.trueTime))!;
        expect(r.deliverAt).toBe(f.end);
      } else expect(r.deliverAt).toBe(r.trueTime);
    }
    expect(checked).toBeGreaterThan(0);
    // A stuck DHT22 repeats one value.
    for (const f of run.faults.filter((x) => x.kind === "stuck")) {
      const rs = run.byDevice.get(f.device)!.filter((r) => r.fault === "stuck" && r.kind === "DHT22" && covers(f, r.trueTime));
      for (const r of rs) expect(dht(r)).toEqual(dht(rs[0]!));
    }
    // A spike lands on one reading and throws it far from its neighbours.
    for (const f of run.faults.filter((x) => x.kind === "spike" && x.detail["field"] === "temperature")) {
      const rs = run.byDevice.get(f.device)!;
      const i = rs.findIndex((r) => r.trueTime === f.start);
      if (i < 1 || rs[i]!.fault !== "spike" || rs[i - 1]!.fault !== "") continue;
      expect(Math.abs(dht(rs[i]!).temperature - dht(rs[i - 1]!).temperature)).toBeGreaterThan(5);
    }
  });

  it("defaults to low rates: under one fault per two device-days", () => {
    const quiet = runFleet({ seed: 3, devices: 20, mix: { DHT22: 2, PIR: 1, LIGHT: 1 }, start: START, faultRates: DEFAULT_FAULT_RATES }, START + 5 * DAY);
    expect(quiet.faults.length / (20 * 5)).toBeLessThan(0.5);
    expect(quiet.faults.length).toBeGreaterThan(0);
    const none = runFleet({ seed: 3, devices: 4, mix: { DHT22: 1 }, start: START, faultRates: NO_FAULTS }, START + 2 * DAY);
    expect(none.faults).toEqual([]);
    expect(none.readings.every((r) => r.fault === "")).toBe(true);
  });
});
