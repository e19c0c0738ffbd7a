import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import type { SimReading } from "./device.js";
import { FaultTimeline } from "./faults.js";
import { DAY, HOUR, localDay } from "./internal/calendar.js";
import { LightDevice } from "./light.js";
import { drawRoomProfile, Room } from "./room.js";
import { SITES } from "./site.js";
import { sunTimes } from "./sun.js";
import { NO_FAULTS } from "./test-support/collect.js";
import { createWeather } from "./weather.js";

const site = SITES["london"]!;

function lightRun(seed: number, start: number, days: number): { rs: SimReading[]; room: Room } {
  const rng = createRandom(seed);
  let profile = drawRoomProfile(rng.fork("p"), "r", "living-room", site);
  profile = { ...profile, window: true };
  const room = new Room(profile, createWeather(site, rng.fork("w")), rng.fork("room"));
  const dev = new LightDevice("rp1", room, rng.fork("d"), new FaultTimeline("rp1", "LIGHT", NO_FAULTS, rng.fork("f"), () => {}, start), start);
  const rs: SimReading[] = [];
  while (dev.nextAt < start + days * DAY) dev.step(rs);
  return { rs, room };
}

const light = (r: SimReading): boolean => (r.data as { light: boolean }).light;

/** Lit state at t from the sent transitions. */
function stateAt(rs: readonly SimReading[], t: number): boolean | undefined {
  let s: boolean | undefined;
  for (const r of rs) {
    if (r.trueTime > t) break;
    s = light(r);
  }
  return s;
}

describe("light sensor", () => {
  it("sends the state at start, then only changes, both on and off", () => {
    const { rs } = lightRun(1, Date.UTC(2024, 2, 1), 14);
    expect(rs.filter(light).length).toBeGreaterThan(10);
    expect(rs.filter((r) => !light(r)).length).toBeGreaterThan(10);
    for (let i = 1; i < rs.length; i++) expect(light(rs[i]!)).not.toBe(light(rs[i - 1]!));
  });

  it("is lit at midday and dark before dawn (unless a lamp is on), following sunrise and sunset by date", () => {
    for (const start of [Date.UTC(2024, 0, 1), Date.UTC(2024, 5, 1)]) {
      const { rs } = lightRun(2, start, 28);
      let noonLit = 0;
      let predawnLit = 0;
      for (let d = 1; d < 28; d++) {
        const day = localDay(start, 0) + d;
        const sun = sunTimes(day, site.latitude, site.longitude);
        if (stateAt(rs, (sun.sunrise + sun.sunset) / 2)) noonLit++;
        if (stateAt(rs, sun.sunrise - 2 * HOUR)) predawnLit++;
      }
      expect(noonLit).toBe(27);
      expect(predawnLit).toBeLessThan(6);
    }
    // Longer days in June: more lit hours than in January.
    const litHours = (start: number): number => {
      const { rs } = lightRun(3, start, 28);
      let on = 0;
      for (let t = start + DAY; t < start + 28 * DAY; t += HOUR / 4) if (stateAt(rs, t)) on++;
      return on / 4;
    };
    expect(litHours(Date.UTC(2024, 5, 1))).toBeGreaterThan(litHours(Date.UTC(2024, 0, 1)) + 27 * 4);
  });
});
