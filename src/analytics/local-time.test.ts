import { describe, expect, it } from "vitest";
import { isMimicError } from "../errors/index.js";
import { dayOverDay, hourlyProfile } from "./daily-profile.js";
import { dayLabel, localClock } from "./local-time.js";

describe("local time, hourly profile and day-over-day change", () => {
  it("reads hours and days in an IANA zone, across a daylight-saving change", () => {
    const ny = localClock("America/New_York");
    expect(ny.hour(Date.UTC(2019, 4, 12) / 1000)).toBe(20); // 20:00 EDT
    expect(dayLabel(ny.day(Date.UTC(2019, 4, 12) / 1000))).toBe("2019-05-11");
    expect(ny.hour(Date.UTC(2019, 2, 10, 6, 59) / 1000)).toBe(1); // 01:59 EST
    expect(ny.hour(Date.UTC(2019, 2, 10, 7) / 1000)).toBe(3); // 03:00 EDT: 02:xx never happens
    expect(localClock("Asia/Kolkata").hour(Date.UTC(2019, 0, 1, 0, 30) / 1000)).toBe(6); // +05:30
  });

  it("refuses a zone that does not exist with ANALYZE_UNKNOWN_TIMEZONE", () => {
    expect.assertions(2);
    try {
      localClock("Mars/Olympus");
    } catch (error) {
      expect(isMimicError(error) && error.code).toBe("ANALYZE_UNKNOWN_TIMEZONE");
      expect((error as Error).message).toMatch(/America\/New_York/);
    }
  });

  it("averages by local hour and by local day, with the change from the day before", () => {
    const utc = localClock("UTC");
    const h = (day: number, hour: number): number => (day * 24 + hour) * 3600;
    const times = [h(0, 1), h(0, 1), h(0, 5), h(1, 1), h(3, 0)];
    const values = [1, 3, 10, 4, 7];
    const profile = hourlyProfile(times, values, utc);
    expect(profile[1]!.count).toBe(3);
    expect(profile[1]!.mean).toBeCloseTo(8 / 3, 14);
    expect(profile[5]!.mean).toBe(10);
    expect(profile[2]!.count).toBe(0);
    const days = dayOverDay(times, values, utc);
    expect(days.map((d) => [d.day, d.count])).toEqual([
      [0, 3],
      [1, 1],
      [3, 1],
    ]);
    expect(days[0]!.mean).toBeCloseTo(14 / 3, 14);
    expect(days[0]!.change).toBeNull();
    expect(days[1]!.change).toBeCloseTo(4 - 14 / 3, 14);
    expect(days[2]!.change).toBeNull(); // day 2 had no data: no change to report
  });
});
