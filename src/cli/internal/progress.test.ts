import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { formatSeconds, progressReporter } from "./progress.js";

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
    const p = progressReporter(stream, 100, () => t);
    t = 5000;
    p.update(50, 100);
    p.done();
    expect(written).toEqual([]);
  });

  it("draws only after a second, throttled, and clears the line at the end", () => {
    const { stream, written } = fakeStderr(true);
    let t = 0;
    const p = progressReporter(stream, 1000, () => t);
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

  it("says the time left as a person reads it", () => {
    expect(formatSeconds(42)).toBe("42 s");
    expect(formatSeconds(185)).toBe("3 min 05 s");
    expect(formatSeconds(7620)).toBe("2 h 07 min");
  });
});
