import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import type { SimReading } from "./device.js";
import { FaultTimeline } from "./faults.js";
import { DAY, localDay, localHour, weekday } from "./internal/calendar.js";
import { dayPresence, type RoomKind } from "./occupancy.js";
import { PirDevice } from "./pir.js";
import { drawRoomProfile, Room } from "./room.js";
import { SITES } from "./site.js";
import { mean, NO_FAULTS } from "./test-support/collect.js";
import { createWeather } from "./weather.js";

const site = SITES["new-york"]!;
const START = Date.UTC(2019, 3, 1, 5); // a Monday, local midnight

function pirRun(seed: number, kind: RoomKind, days: number): SimReading[] {
  const rng = createRandom(seed);
  const room = new Room(drawRoomProfile(rng.fork("p"), "r", kind, site), createWeather(site, rng.fork("w")), rng.fork("room"));
  const dev = new PirDevice("rp1", room, rng.fork("d"), new FaultTimeline("rp1", "PIR", NO_FAULTS, rng.fork("f"), () => {}, START), START);
  const out: SimReading[] = [];
  while (dev.nextAt < START + days * DAY) dev.step(out);
  return out;
}

const motion = (r: SimReading): boolean => (r.data as { motion: boolean }).motion;

describe("PIR", () => {
  it("sends both motion and no-motion, strictly alternating, and holds the output between them", () => {
    const rs = pirRun(1, "office", 14);
    expect(rs.filter(motion).length).toBeGreaterThan(50);
    expect(rs.filter((r) => !motion(r)).length).toBeGreaterThan(50);
    for (let i = 0; i < rs.length; i++) expect(motion(rs[i]!)).toBe(i % 2 === 0);
    for (let i = 1; i < rs.length; i += 2) expect(rs[i]!.trueTime - rs[i - 1]!.trueTime).toBeGreaterThanOrEqual(5_000);
  });

  it("follows office hours: busy on weekdays 9–17, quiet at night and on weekends", () => {
    const rises = pirRun(2, "office", 28).filter(motion);
    const local = (r: SimReading): { h: number; dow: number } => ({ h: localHour(r.trueTime, site.utcOffsetHours), dow: weekday(localDay(r.trueTime, site.utcOffsetHours)) });
    const weekdayWork = rises.filter((r) => {
      const { h, dow } = local(r);
      return dow >= 1 && dow <= 5 && h >= 9 && h < 17;
    }).length;
    const night = rises.filter((r) => {
      const { h } = local(r);
      return h < 6 || h >= 22;
    }).length;
    const weekend = rises.filter((r) => [0, 6].includes(local(r).dow)).length;
    // Per hour: 20 weekdays × 8 h of work against 28 × 8 h of night and 8 × 24 h of weekend.
    expect(weekdayWork / 160).toBeGreaterThan(10 * (night / 224));
    expect(weekdayWork / 160).toBeGreaterThan(3 * (weekend / 192));
  });

  it("adds unplanned visits as a Poisson process (count per day: mean as configured, variance ≈ mean)", () => {
    const rng = createRandom(5);
    const counts = Array.from({ length: 400 }, (_, d) => dayPresence("basement", rng.fork("day", d), 18_000 + d, -5).length);
    const m = mean(counts);
    const v = mean(counts.map((c) => (c - m) ** 2));
    // Basement: 0.12 visits/h from 07 to 23 and 0.01/h at night = 2.0 a day (merges make it a bit less).
    expect(m).toBeGreaterThan(1.75);
    expect(m).toBeLessThan(2.2);
    expect(v / m).toBeGreaterThan(0.75);
    expect(v / m).toBeLessThan(1.3);
  });
});
