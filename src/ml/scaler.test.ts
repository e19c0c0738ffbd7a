import { describe, expect, it } from "vitest";
import { applyScaler, fitScaler } from "./scaler.js";

describe("fitScaler / applyScaler", () => {
  it("standardises with the training rows' mean and population std (worked example)", () => {
    // a: 1 3 5 → mean 3, std √(8/3); b: 10 20 30 → mean 20, std √(200/3).
    const s = fitScaler(Float64Array.from([1, 10, 3, 20, 5, 30]), ["a", "b"]);
    expect(s.mean).toEqual([3, 20]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(s.std[1]).toBeCloseTo(Math.sqrt(200 / 3), 12);
    // A test row is mapped with the training statistics, not its own.
    const z = applyScaler(s, Float64Array.from([7, 20]));
    expect(z[0]).toBeCloseTo(4 / Math.sqrt(8 / 3), 12);
    expect(z[1]).toBe(0);
  });

  it("refuses a constant feature with ML_CONSTANT_FEATURE naming it", () => {
    expect(() => fitScaler(Float64Array.from([1, 21.5, 2, 21.5, 3, 21.5]), ["hour", "temperature"])).toThrow(
      expect.objectContaining({ code: "ML_CONSTANT_FEATURE", message: expect.stringContaining('"temperature"') }),
    );
  });
});
