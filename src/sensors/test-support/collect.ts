// Helpers for the simulator's realism tests: run a fleet and group what it produced.
import { Fleet, type FleetOptions } from "../fleet.js";
import type { SimReading } from "../device.js";
import type { FaultKind, FaultRecord } from "../faults.js";

export const NO_FAULTS: Record<FaultKind, number> = { stuck: 0, spike: 0, drift: 0, dropout: 0, clock_drift: 0, clock_jump: 0, network_outage: 0 };

export interface FleetRun {
  fleet: Fleet;
  readings: SimReading[];
  byDevice: Map<string, SimReading[]>;
  faults: FaultRecord[];
}

export function runFleet(options: FleetOptions, end: number, ticks: readonly number[] = []): FleetRun {
  const fleet = new Fleet(options);
  const readings: SimReading[] = [];
  for (const t of [...ticks, end]) fleet.runUntil(t, (r) => readings.push(r));
  const byDevice = new Map<string, SimReading[]>();
  for (const m of fleet.manifest) byDevice.set(m.id, []);
  for (const r of readings) byDevice.get(r.device)!.push(r);
  return { fleet, readings, byDevice, faults: fleet.faults };
}

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
export const sd = (xs: readonly number[]): number => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};
export function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

export const dht = (r: SimReading): { temperature: number; humidity: number } => r.data as { temperature: number; humidity: number };
