import { describe, expect, it } from "vitest";
import { localDay } from "./internal/calendar.js";
import { daylightFactor, sunTimes } from "./sun.js";

const minutes = (ms: number): number => ms / 60_000;

describe("sunTimes", () => {
  it("matches published sunrise and sunset within 5 minutes", () => {
    // London, 21 June 2024: sunrise 04:43 BST (03:43 UTC), sunset 21:21 BST (20:21 UTC).
    const london = sunTimes(localDay(Date.UTC(2024, 5, 21, 12), 0), 51.5074, -0.1278);
    expect(Math.abs(minutes(london.sunrise - Date.UTC(2024, 5, 21, 3, 43)))).toBeLessThan(5);
    expect(Math.abs(minutes(london.sunset - Date.UTC(2024, 5, 21, 20, 21)))).toBeLessThan(5);
    // New York, 21 December 2019: sunrise 07:16 EST (12:16 UTC), sunset 16:32 EST (21:32 UTC).
    const ny = sunTimes(localDay(Date.UTC(2019, 11, 21, 17), -5), 40.7128, -74.006);
    expect(Math.abs(minutes(ny.sunrise - Date.UTC(2019, 11, 21, 12, 16)))).toBeLessThan(5);
    expect(Math.abs(minutes(ny.sunset - Date.UTC(2019, 11, 21, 21, 32)))).toBeLessThan(5);
    // Sydney, 21 June 2024 (winter there): sunrise 07:00 AEST (21:00 UTC the day before).
    const sydney = sunTimes(localDay(Date.UTC(2024, 5, 21, 2), 10), -33.87, 151.21);
    expect(Math.abs(minutes(sydney.sunrise - Date.UTC(2024, 5, 20, 21, 0)))).toBeLessThan(5);
  });

  it("knows polar day and polar night", () => {
    expect(sunTimes(localDay(Date.UTC(2024, 5, 21, 12), 1), 78.2, 15.6).allDay).toBe(true); // Svalbard, June
    expect(sunTimes(localDay(Date.UTC(2024, 11, 21, 12), 1), 78.2, 15.6).allDay).toBe(false);
  });

  it("gives a daylight factor of 0 at night and near 1 at solar noon", () => {
    const s = sunTimes(localDay(Date.UTC(2024, 5, 21, 12), 0), 51.5074, -0.1278);
    expect(daylightFactor(Date.UTC(2024, 5, 21, 1), s)).toBe(0);
    expect(daylightFactor((s.sunrise + s.sunset) / 2, s)).toBeCloseTo(1, 6);
  });
});
