import { describe, expect, it } from "vitest";
import { MimicError } from "../../../errors/index.js";
import { formatShares, OptionReader } from "./option-reader.js";

const OPTIONS = [
  { name: "start", description: "a date", default: "2022-01-01" },
  { name: "count", description: "a number", default: "3" },
  { name: "mix", description: "shares", default: "Gift card=6,Cash=94" },
];

function problems(raw: Record<string, string>, read: (r: OptionReader) => void): string[] {
  const reader = new OptionReader("demo", OPTIONS, raw);
  read(reader);
  try {
    reader.done();
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(MimicError);
    expect((e as MimicError).code).toBe("DATASET_OPTION_INVALID");
    return (e as MimicError).issues.map((i) => `${i.path} ${i.code}`);
  }
}

describe("OptionReader", () => {
  it("takes defaults and parses values", () => {
    const reader = new OptionReader("demo", OPTIONS, { count: " 7 " });
    expect(reader.date("start")).toBe("2022-01-01");
    expect(reader.integer("count", 1, 10)).toBe(7);
    expect(reader.shares("mix")).toEqual({ "Gift card": 6, Cash: 94 });
    expect(() => reader.done()).not.toThrow();
  });

  it("round-trips shares through their flag form", () => {
    const shares = { "Apple Pay": 15, Cash: 12.5, Venmo: 0 };
    expect(new OptionReader("demo", OPTIONS, { mix: formatShares(shares) }).shares("mix")).toEqual(shares);
  });

  it("reports every problem at once, each with its flag", () => {
    const found = problems({ start: "2023-02-29", count: "11", mix: "A=1,B", colour: "x" }, (r) => {
      r.date("start");
      r.integer("count", 1, 10);
      r.shares("mix");
    });
    expect(found.sort()).toEqual(["--colour unknown_option", "--count bad_integer", "--mix bad_shares", "--start bad_date"]);
  });

  it.each([
    ["A=0,B=0", /at least one weight must be > 0/],
    ["A=1,A=2", /"A" is given twice/],
    ["A=-1", /"A=-1" is not Label=weight/],
    ["=5", /is not Label=weight/],
    ["A=1,C=2", /"C" is not one of A, B/],
  ])("refuses shares %s", (mix, message) => {
    const reader = new OptionReader("demo", OPTIONS, { mix });
    reader.shares("mix", ["A", "B"]);
    expect(() => reader.done()).toThrow(message);
  });

  it("refuses numbers that are not whole or out of range", () => {
    for (const count of ["abc", "1.5", "0", "1e3", ""]) {
      expect(
        problems({ count }, (r) => r.integer("count", 1, 10)),
        count,
      ).toEqual(["--count bad_integer"]);
    }
  });
});
