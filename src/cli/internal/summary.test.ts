import { describe, expect, it } from "vitest";
import { groupThousands, wroteRowsLine } from "./summary.js";

describe("groupThousands", () => {
  it("groups as en-US toLocaleString does, for every length and sign", () => {
    const numbers = [0, 7, -7, 999, 1000, -1000, 65_536, 999_999, 1_000_000, 12_345_678, 9_007_199_254_740_991, -9_007_199_254_740_991, 1e21, 2.5];
    for (let n = 1; n < 1e16; n = n * 10 + (n % 7)) numbers.push(n, -n);
    for (const n of numbers) expect(groupThousands(n)).toBe(n.toLocaleString("en-US"));
  });
});

describe("wroteRowsLine", () => {
  it("prints the rows and the rate grouped", () => {
    expect(wroteRowsLine(1_000_000, "the model m.json", "s.csv", "csv", 2)).toBe(
      "mimic: wrote 1,000,000 rows of the model m.json to s.csv as csv in 2.00 s (500,000 rows/s)\n",
    );
  });
});
