import { describe, expect, it } from "vitest";
import { StuckTest, type StuckRun } from "./stuck.js";

function runsOf(repeats: boolean[]): StuckRun[] {
  const test = new StuckTest();
  const out: StuckRun[] = [];
  repeats.forEach((r, i) => {
    const run = test.push(i, r, i * 30);
    if (run) out.push(run);
  });
  const last = test.close();
  if (last) out.push(last);
  return out;
}

describe("StuckTest", () => {
  it("reports a run of repeats far longer than the learned repeat rate allows", () => {
    // 600 healthy steps repeating one in ten, then 40 repeats in a row, then healthy again.
    const repeats = [...Array.from({ length: 600 }, (_, i) => i % 10 === 0), ...Array.from({ length: 40 }, () => true), false, false];
    const runs = runsOf(repeats);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ first: 599, last: 639, length: 41 });
    // p = (60 repeats + the prior's 10) / (600 + 200) steps and α = 1e-9: ln α / ln p = 8.5, so a
    // run of 9 readings is needed, found at the ninth.
    expect(runs[0]!.needed).toBe(9);
    expect(runs[0]!.detectedIndex).toBe(607);
  });

  it("needs a longer run on a device that repeats more often", () => {
    const often = new StuckTest();
    for (let i = 0; i < 2000; i++) often.push(i, i % 2 === 0, i);
    const rarely = new StuckTest();
    for (let i = 0; i < 2000; i++) rarely.push(i, i % 50 === 0, i);
    expect(often.threshold()).toBeGreaterThan(rarely.threshold());
    expect(rarely.threshold()).toBe(6); // the floor
  });

  it("reports nothing for short runs", () => {
    expect(runsOf(Array.from({ length: 500 }, (_, i) => i % 4 !== 0))).toEqual([]);
  });
});
