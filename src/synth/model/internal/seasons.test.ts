import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { placeInSeason, seasonalAxis, wrapAngle, YEAR_MS, yearAngle } from "./seasons.js";

const DAY = 86_400_000;
const JULY_20 = Date.UTC(2013, 6, 20);

describe("angles within the year", () => {
  it("wrapAngle lands in (-π, π] and keeps the angle", () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), (a) => {
        const w = wrapAngle(a);
        expect(w).toBeGreaterThan(-Math.PI - 1e-12);
        expect(w).toBeLessThanOrEqual(Math.PI + 1e-12);
        expect(Math.cos(w)).toBeCloseTo(Math.cos(a), 9);
        expect(Math.sin(w)).toBeCloseTo(Math.sin(a), 9);
      }),
    );
  });

  it("placeInSeason keeps the year's side of the axis, reaches the distance asked for and stays in range", () => {
    const min = Date.UTC(2012, 0, 1),
      max = Date.UTC(2015, 11, 31);
    const phase = yearAngle(JULY_20);
    fc.assert(
      fc.property(fc.double({ min, max, noNaN: true }), fc.double({ min: 0, max: Math.PI, noNaN: true }), (ms, distance) => {
        const moved = placeInSeason(ms, phase, distance, min, max);
        expect(Math.abs(Math.abs(wrapAngle(yearAngle(moved) - phase)) - distance)).toBeLessThan(1e-6);
        // At most half a year away, or a whole year more when that brought it back into range.
        expect(Math.abs(moved - ms)).toBeLessThanOrEqual(1.5 * YEAR_MS + 1);
        expect(moved).toBeGreaterThanOrEqual(min - YEAR_MS / 2);
        expect(moved).toBeLessThanOrEqual(max + YEAR_MS / 2);
      }),
    );
    // A date already at that distance stays where it is.
    const day = Date.UTC(2014, 2, 1);
    expect(placeInSeason(day, phase, Math.abs(wrapAngle(yearAngle(day) - phase)), min, max)).toBeCloseTo(day, -1);
  });
});

describe("seasonalAxis", () => {
  const days = Float64Array.from({ length: 4 * 365 }, (_, i) => Date.UTC(2012, 0, 1) + i * DAY);
  /** A column that peaks on 20 July (as a normal score would). */
  const summer = Float64Array.from(days, (d) => Math.cos(yearAngle(d) - yearAngle(JULY_20)));
  const noise = Float64Array.from(days, (_, i) => Math.sin(i * 12.9898) * 0.5);
  /** The date's own (linear) score. */
  const trend = Float64Array.from(days, (_, i) => (i - days.length / 2) / days.length);

  it("finds the axis through the peak of the column that follows the year", () => {
    const found = seasonalAxis(days, trend, [noise, summer], 1);
    expect(found).toBeDefined();
    // The axis is a line: the peak or the trough, either way through 20 July ± 1 day.
    const offset = Math.abs(wrapAngle(found!.phase - yearAngle(JULY_20)));
    expect(Math.min(offset, Math.PI - offset)).toBeLessThan((2 * Math.PI) / 365);
    expect(found!.strength).toBeGreaterThan(0.99);
    expect(found!.distances.every((d) => d >= 0 && d <= Math.PI)).toBe(true);
  });

  it("finds none under a year of data, with nothing following the year, or with too few rows", () => {
    // A column that follows the date itself: over 4.9 years (not a whole number) cos θ partly
    // follows the date too, which without taking the date's own trend out looked like a season.
    const span = Float64Array.from({ length: 1800 }, (_, i) => Date.UTC(2018, 0, 1) + i * DAY);
    const own = Float64Array.from(span, (_, i) => i / 1800 - 0.5);
    const later = Float64Array.from(own, (x, i) => x + Math.sin(i * 78.233) * 0.05);
    expect(seasonalAxis(span, own, [later], 1)).toBeUndefined();
    expect(seasonalAxis(days.slice(0, 300), trend.slice(0, 300), [summer.slice(0, 300)], 1)).toBeUndefined();
    expect(seasonalAxis(days, trend, [noise], 1)).toBeUndefined();
    expect(
      seasonalAxis(
        days.filter((_, i) => i % 40 === 0),
        trend.filter((_, i) => i % 40 === 0),
        [summer.filter((_, i) => i % 40 === 0)],
        1,
      ),
    ).toBeUndefined();
  });
});
