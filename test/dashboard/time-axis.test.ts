// The shared time axis's labels (dashboard/src/time-axis.ts), run in Node with a fixed time zone.
import { describe, expect, it } from "vitest";
import { timeLabels } from "../../dashboard/src/time-axis.js";

// The labels are local time: Node reads TZ again when it changes, so this pins it before any
// label is formatted.
process.env["TZ"] = "UTC";
/** 2026-12-06 23:00 UTC. */
const T = Date.UTC(2026, 11, 6, 23, 0, 0) / 1000;

describe("time axis labels", () => {
  it("show the clock, with the date only at the first tick and where the day changes", () => {
    expect(timeLabels([T, T + 1800, T + 3600, T + 5400], 1800)).toEqual(["11:00pm\n12/6", "11:30pm", "12:00am\n12/7", "12:30am"]);
  });

  it("add seconds only when ticks are under a minute apart, and are dates alone a day apart or more", () => {
    expect(timeLabels([T + 30, T + 60], 30)).toEqual(["11:00:30pm\n12/6", "11:01:00pm"]);
    expect(timeLabels([T + 3600, T + 3600 + 86_400], 86_400)).toEqual(["12/7", "12/8"]);
  });
});
