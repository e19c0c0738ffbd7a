import { describe, expect, it } from "vitest";
import { command, defaultSampleWorkers, PARALLEL_FROM_ROWS } from "./sample.js";

describe("mimic sample's default thread count", () => {
  it("uses one thread below the threshold and up to 4 cores from it", () => {
    expect(PARALLEL_FROM_ROWS).toBe(1_000_000);
    expect(defaultSampleWorkers(999_999, 2)).toBe(1);
    expect(defaultSampleWorkers(100_000, 8)).toBe(1);
    expect(defaultSampleWorkers(1_000_000, 2)).toBe(2);
    expect(defaultSampleWorkers(5_000_000, 16)).toBe(4);
    expect(defaultSampleWorkers(1_000_000, 1)).toBe(1);
  });

  it("states the threshold in --help", () => {
    expect(command.help).toContain("default: 1 below 1,000,000 rows");
  });
});
