import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import { Dht22Device, type DhtCadence } from "./dht22.js";
import type { SimReading } from "./device.js";
import { FaultTimeline } from "./faults.js";
import { HOUR } from "./internal/calendar.js";
import { drawRoomProfile, Room } from "./room.js";
import { SITES } from "./site.js";
import { dht, mean, NO_FAULTS, sd } from "./test-support/collect.js";
import { createWeather } from "./weather.js";

const START = Date.UTC(2019, 4, 8);

function device(seed: number, cadence: DhtCadence): { dev: Dht22Device; room: Room; readings: SimReading[] } {
  const site = SITES["new-york"]!;
  const rng = createRandom(seed);
  const room = new Room(drawRoomProfile(rng.fork("p"), "r", "office", site), createWeather(site, rng.fork("w")), rng.fork("room"));
  const dev = new Dht22Device("rp00000001", room, rng.fork("dev"), new FaultTimeline("rp00000001", "DHT22", NO_FAULTS, rng.fork("f"), () => {}, START), START, cadence);
  const readings: SimReading[] = [];
  while (dev.nextAt < START + 24 * HOUR) dev.step(readings);
  return { dev, room, readings };
}

const gaps = (rs: readonly SimReading[]): number[] => rs.slice(1).map((r, i) => r.trueTime - rs[i]!.trueTime);

describe("DHT22", () => {
  it("reports at 0.1 resolution, within the sensor's range", () => {
    const { readings } = device(1, { intervalMs: 15_000, jitter: "low", failureRate: 0.05, maxAttempts: 15 });
    expect(readings.length).toBeGreaterThan(5000);
    for (const r of readings) {
      const { temperature, humidity } = dht(r);
      expect(Math.abs(temperature * 10 - Math.round(temperature * 10))).toBeLessThan(1e-9);
      expect(Math.abs(humidity * 10 - Math.round(humidity * 10))).toBeLessThan(1e-9);
      expect(humidity).toBeGreaterThanOrEqual(0);
      expect(humidity).toBeLessThanOrEqual(99.9);
    }
  });

  it("has the datasheet accuracy as a per-unit bias (≤ 0.5 °C, ≤ 5 %RH) plus small read noise", () => {
    const biasesT: number[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const { room, readings } = device(seed, { intervalMs: 15_000, jitter: "low", failureRate: 0, maxAttempts: 15 });
      const errT = readings.map((r) => dht(r).temperature - room.climate(r.trueTime).temperature);
      const errH = readings.map((r) => dht(r).humidity - room.climate(r.trueTime).humidity);
      expect(Math.abs(mean(errT))).toBeLessThanOrEqual(0.5 + 0.01);
      expect(Math.abs(mean(errH))).toBeLessThanOrEqual(5 + 0.05);
      // Read-to-read noise: σ 0.1 °C and 0.5 %RH, plus rounding (σ ≈ 0.029).
      expect(sd(errT)).toBeGreaterThan(0.08);
      expect(sd(errT)).toBeLessThan(0.13);
      expect(sd(errH)).toBeGreaterThan(0.4);
      expect(sd(errH)).toBeLessThan(0.6);
      biasesT.push(mean(errT));
    }
    // Units differ from each other: the biases are not all the same.
    expect(sd(biasesT)).toBeGreaterThan(0.1);
  });

  it("retries failed reads no sooner than 2 s apart, and counts reads, failures and missed cycles", () => {
    const { dev, readings } = device(3, { intervalMs: 15_000, jitter: "none", failureRate: 0.3, maxAttempts: 3 });
    const s = dev.stats;
    expect(s.failedReads / s.attempts).toBeGreaterThan(0.27);
    expect(s.failedReads / s.attempts).toBeLessThan(0.33);
    expect(s.missedCycles).toBeGreaterThan(0); // 0.3³ of cycles give up
    for (const g of gaps(readings)) {
      expect(g).toBeGreaterThanOrEqual(15_000 + 270);
      if (g > 15_270 + 2 * 2_000) continue; // a missed cycle lies between these two
      // A gap is the interval + read time + 2 s per retry.
      const extra = (g - 15_270) % 2_000;
      expect(Math.min(extra, 2_000 - extra)).toBeLessThan(1e-6);
    }
  });

  it("follows the seed's 15 s cadence with low jitter, or the seed's observed 22–32 s", () => {
    const low = gaps(device(4, { intervalMs: 15_000, jitter: "low", failureRate: 0, maxAttempts: 15 }).readings);
    expect(Math.min(...low)).toBeGreaterThanOrEqual(15_270);
    expect(Math.max(...low)).toBeLessThanOrEqual(16_270);
    const seed = gaps(device(4, { intervalMs: 15_000, jitter: "seed", failureRate: 0, maxAttempts: 15 }).readings);
    expect(Math.min(...seed)).toBeGreaterThanOrEqual(22_000);
    expect(Math.max(...seed)).toBeLessThanOrEqual(32_000);
    expect(mean(seed)).toBeGreaterThan(26_000);
    expect(mean(seed)).toBeLessThan(28_000);
  });
});
