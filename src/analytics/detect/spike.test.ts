import { describe, expect, it } from "vitest";
import { SpikeTest } from "./spike.js";

/** A flat room with 0.1-step wiggles that repeat every 5 readings. */
const room = (i: number): number => 21 + (((i * 3) % 5) - 2) / 10;

function spikesOf(values: number[]): number[] {
  const test = new SpikeTest();
  const found: number[] = [];
  values.forEach((x, i) => {
    const v = test.push(i, x);
    if (v) found.push(v.index);
  });
  return found;
}

describe("SpikeTest", () => {
  it("finds a single reading far off the rolling median, judged when the next one is back", () => {
    const values = Array.from({ length: 60 }, (_, i) => room(i));
    values[30] = 45;
    values[47] = -3;
    expect(spikesOf(values)).toEqual([30, 47]);
  });

  it("does not call a lasting change of level a spike", () => {
    const values = Array.from({ length: 60 }, (_, i) => room(i) + (i >= 30 ? 10 : 0));
    expect(spikesOf(values)).toEqual([]);
  });

  it("uses the resolution as the floor of the MAD: a 0.3 step in a dead-flat room is not a spike", () => {
    const values = Array.from({ length: 40 }, () => 20);
    values[25] = 20.3;
    expect(spikesOf(values)).toEqual([]);
  });

  it("does not judge before half a window of history", () => {
    expect(spikesOf([21, 21, 60, 21, 21])).toEqual([]);
  });
});
