import { describe, expect, it } from "vitest";
import { MimicError } from "../../errors/index.js";
import { listFlag, parseChoice, parseCount, parseDurationMs, parseFlags, refuseCompressedOut, timeFlag, timeOrAgo } from "./flags.js";

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

  it("says which flag needs a value, in the CLI's words rather than Node's", () => {
    const options = { seed: { type: "string", short: "s" }, out: { type: "string" } } as const;
    for (const argv of [["--seed"], ["--seed", "--out", "x.csv"], ["-s"]]) {
      expect(() => parseFlags(argv, options, "generate")).toThrow(
        /^--seed needs a value: write --seed VALUE \(or --seed=VALUE\)\. Run `mimic generate --help`/,
      );
    }
    expect(() => parseFlags(["--nope"], options, "generate")).toThrow(/^Unknown option '--nope'\. Run/);
  });

  it("refuses a compressed --out name instead of writing plain text under it", () => {
    expect(() => refuseCompressedOut("sales.csv.gz", "generate")).toThrow(/does not compress.*--out - \| gzip > sales\.csv\.gz/);
    expect(() => refuseCompressedOut("x.JSONL.ZST", "sample")).toThrow(/mimic sample/);
    for (const fine of ["sales.csv", "-", "data.parquet", "gz", "notes.gzipped.csv"]) expect(() => refuseCompressedOut(fine, "generate")).not.toThrow();
  });

  it("hands a negative value to a flag that takes one, so the flag's own check can name it", () => {
    const options = { rows: { type: "string", short: "n" }, quiet: { type: "boolean" } } as const;
    expect(parseFlags(["--rows", "-5"], options, "generate").values["rows"]).toBe("-5");
    expect(parseFlags(["-n", "-1e3"], options, "generate").values["rows"]).toBe("-1e3");
    // A boolean flag takes no value: "-5" after it stays an (unknown) option.
    expect(() => parseFlags(["--quiet", "-5"], options, "generate")).toThrow(/Unknown option '-5'/);
  });

  it("suggests the accepted flag closest to a mistyped one", () => {
    const options = { rows: { type: "string" }, seed: { type: "string" }, out: { type: "string" } } as const;
    expect(() => parseFlags(["--row", "5"], options, "generate")).toThrow(/Unknown option '--row'\. Did you mean --rows\? Run `mimic generate --help`/);
    expect(() => parseFlags(["--seeed", "1"], options, "generate")).toThrow(/Did you mean --seed\?/);
    expect(() => parseFlags(["--zzzzzz"], options, "generate")).not.toThrow(/Did you mean/);
  });

  it("reads a duration as that long ago for time flags, and leaves other times to the command", () => {
    const now = Date.UTC(2026, 0, 2, 12, 0, 0);
    expect(timeOrAgo("1h", now)).toBe(String(now / 1000 - 3600));
    expect(timeOrAgo("1h30m", now)).toBe(String(now / 1000 - 5400));
    expect(timeOrAgo("7d", now)).toBe(String(now / 1000 - 7 * 86400));
    expect(timeOrAgo("2019-05-09T00:00:00Z", now)).toBe("2019-05-09T00:00:00Z");
    expect(timeOrAgo("1557360000", now)).toBe("1557360000");
    expect(timeOrAgo(undefined, now)).toBeUndefined();
  });
});

describe("timeFlag and listFlag (analyze, detect)", () => {
  it("reads a time as ISO, epoch seconds or a duration ago, and says what it takes otherwise", () => {
    const now = Date.UTC(2019, 4, 12, 12);
    expect(timeFlag("--from", "2019-05-12T00:00:00Z", now)).toBe(Date.UTC(2019, 4, 12) / 1000);
    expect(timeFlag("--from", "1557360000", now)).toBe(1557360000);
    expect(timeFlag("--from", "1h", now)).toBe(now / 1000 - 3600);
    expect(timeFlag("--from", undefined, now)).toBeUndefined();
    expect(() => timeFlag("--from", "yesterday", now)).toThrow(/--from must be ISO 8601 .* or a duration ago \(1h, 7d\), got "yesterday"/);
  });

  it("splits repeated and comma-separated values", () => {
    expect(listFlag(["a, b", "c"])).toEqual(["a", "b", "c"]);
    expect(listFlag(undefined)).toEqual([]);
  });
});
