import { describe, expect, it } from "vitest";
import { MimicError } from "../../errors/index.js";
import { parseChoice, parseCount, parseDurationMs, parseFlags } from "./flags.js";

describe("flag parsing", () => {
  it("accepts counts with suffixes and rejects garbage with CLI_BAD_FLAG", () => {
    expect(parseCount("--rows", "1000", 0)).toBe(1000);
    expect(parseCount("--rows", "1M", 0)).toBe(1_000_000);
    expect(parseCount("--rows", "10k", 0)).toBe(10_000);
    expect(parseCount("--rows", "1e6", 0)).toBe(1_000_000);
    expect(parseCount("--rows", undefined, 7)).toBe(7);
    for (const bad of ["-5", "abc", "1.5", "", "1e400"]) {
      expect(() => parseCount("--rows", bad, 0)).toThrow(MimicError);
    }
    expect(() => parseCount("--workers", "0", 1, 1, 64)).toThrow(/--workers must be a whole number from 1 to 64, got "0"/);
    // Without an upper bound the message does not print Number.MAX_SAFE_INTEGER.
    expect(() => parseCount("--rows", "-5", 1000)).toThrow(/^--rows must be a whole number 0 or more, got "-5"; for example --rows 1000\.$/);
  });

  it("parses durations and choices", () => {
    expect(parseDurationMs("--interval", "15s", 0)).toBe(15_000);
    expect(parseDurationMs("--expires", "90d", 0)).toBe(90 * 86_400_000);
    expect(parseDurationMs("--d", "1h30m", 0)).toBe(5_400_000);
    expect(() => parseDurationMs("--d", "soon", 0)).toThrow(/duration/);
    expect(parseChoice("--format", "jsonl", ["csv", "jsonl"], "csv")).toBe("jsonl");
    expect(() => parseChoice("--format", "xml", ["csv", "jsonl"], "csv")).toThrow(/one of csv, jsonl/);
  });

  it("turns unknown flags into a hint to read --help", () => {
    expect(() => parseFlags(["--nope"], { rows: { type: "string" } }, "generate")).toThrow(/mimic generate --help/);
  });
});
