import { describe, expect, it } from "vitest";
import { LevelStepTest } from "./level-step.js";

describe("LevelStepTest", () => {
  it("reports the readings before a step back as drifted, once", () => {
    const test = new LevelStepTest({ half: 8, threshold: 1 });
    const verdicts = [];
    // An error that grew to +3 °C, then a reset at reading 100.
    for (let i = 0; i < 140; i++) {
      const v = test.push(i, 21 + (i < 100 ? (3 * i) / 100 : 0) + ((i % 3) - 1) / 10);
      if (v) verdicts.push(v);
    }
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.step).toBeLessThan(-1);
    expect(verdicts[0]!.last).toBeLessThan(100);
    expect(verdicts[0]!.first).toBe(verdicts[0]!.last - 7);
  });

  it("ignores slow change and forgets its window on reset", () => {
    const test = new LevelStepTest({ half: 8, threshold: 1 });
    let found = 0;
    for (let i = 0; i < 500; i++) if (test.push(i, 20 + i / 100)) found++; // 5 °C over 500 readings
    test.reset();
    for (let i = 500; i < 510; i++) if (test.push(i, 40)) found++;
    expect(found).toBe(0);
  });
});
