import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { backfillShare, formatSeconds, progressReporter } from "./progress.js";

function fakeStderr(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY });
  const written: string[] = [];
  stream.on("data", (b: Buffer) => written.push(b.toString()));
  return { stream, written };
}

describe("progressReporter", () => {
  it("draws nothing when stderr is not a terminal", () => {
    const { stream, written } = fakeStderr(false);
    let t = 0;
    const p = progressReporter(stream, 100, { now: () => t });
    t = 5000;
    p.update(50, 100);
    p.done();
    expect(written).toEqual([]);
  });

  it("draws only after a second, throttled, and clears the line at the end", () => {
    const { stream, written } = fakeStderr(true);
    let t = 0;
    const p = progressReporter(stream, 1000, { now: () => t });
    t = 500;
    p.update(100, 1000);
    expect(written).toEqual([]);
    t = 2000;
    p.update(500, 1000);
    t = 2050;
    p.update(600, 1000);
    expect(written).toHaveLength(1);
    // 500 rows left at 250 rows/s: 2 s to go.
    expect(written[0]).toBe(`\r[${"#".repeat(15)}${".".repeat(15)}]  50%  500 / 1,000 rows  250 rows/s  ETA 2 s\x1b[K`);
    p.done();
    expect(written[1]).toBe("\r\x1b[K");
  });

  it("shows bytes as MB with a label, and a later phase of a slow run draws at once", () => {
    const { stream, written } = fakeStderr(true);
    let t = 5000;
    // The command started at 0: five seconds in, a new phase is drawn without waiting its own second.
    const p = progressReporter(stream, 40e6, { now: () => t, since: 0, unit: "bytes", label: "reading cars.csv" });
    t = 7000;
    p.update(10e6, 40e6);
    expect(written[0]).toBe(`\rreading cars.csv [${"#".repeat(8)}${".".repeat(22)}]  25%  10.0 / 40.0 MB  5.0 MB/s  ETA 6 s\x1b[K`);
  });

  it("counts steps without a rate", () => {
    const { stream, written } = fakeStderr(true);
    let t = 0;
    const p = progressReporter(stream, 20, { now: () => t, unit: "columns", label: "fitting" });
    t = 4000;
    p.update(5, 20);
    expect(written[0]).toBe(`\rfitting [${"#".repeat(8)}${".".repeat(22)}]  25%  5 / 20 columns  ETA 12 s\x1b[K`);
  });

  it("says the time left as a person reads it", () => {
    expect(formatSeconds(42)).toBe("42 s");
    expect(formatSeconds(185)).toBe("3 min 05 s");
    expect(formatSeconds(7620)).toBe("2 h 07 min");
  });
});

describe("backfillShare", () => {
  it("says how much of the span is sent and, after a second, the time left at the rate so far", () => {
    const hour = 3600_000;
    expect(backfillShare(0, 7 * 24 * hour, 0)).toBe("  0%");
    expect(backfillShare(24 * hour, 4 * 24 * hour, 500)).toBe("  25%");
    // A quarter of the span in 10 s: 30 s to go.
    expect(backfillShare(24 * hour, 4 * 24 * hour, 10_000)).toBe("  25%  ETA 30 s");
    expect(backfillShare(5 * 24 * hour, 4 * 24 * hour, 10_000)).toBe("  100%  ETA 0 s");
  });
});
