import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { civilFromDays, formatTemporal } from "./temporal-format.js";

const DAY = 86_400_000;

describe("civilFromDays", () => {
  it("agrees with the JavaScript calendar for years 0001 to 9999", () => {
    fc.assert(
      fc.property(fc.integer({ min: -719_162, max: 2_932_896 }), (days) => {
        const d = new Date(days * DAY);
        expect(civilFromDays(days)).toEqual({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
      }),
      { numRuns: 2000 },
    );
  });
});

describe("formatTemporal", () => {
  it("formats dates in the seed's MM/DD/YYYY and in ISO", () => {
    const dec31 = Date.UTC(2022, 11, 31) / DAY;
    expect(formatTemporal("date", "MM/DD/YYYY", dec31)).toBe("12/31/2022");
    expect(formatTemporal("date", undefined, dec31)).toBe("2022-12-31");
    expect(formatTemporal("date", "iso", 0)).toBe("1970-01-01");
    expect(formatTemporal("date", "DD.MM.YYYY", Date.UTC(1969, 6, 20) / DAY)).toBe("20.07.1969");
  });

  it("formats times of day, rounding to whole milliseconds without overflowing a field", () => {
    expect(formatTemporal("time", "HH:mm:ss", 3661)).toBe("01:01:01");
    expect(formatTemporal("time", undefined, 21 * 3600 - 1)).toBe("20:59:59");
    expect(formatTemporal("time", "HH:mm:ss.SSS", 59.9996)).toBe("00:01:00.000");
    expect(formatTemporal("time", "HH:mm", 7 * 3600 + 30 * 60)).toBe("07:30");
  });

  it("formats datetimes exactly as toISOString does", () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        expect(formatTemporal("datetime", "iso", ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
  });
});
