import { describe, expect, it } from "vitest";
import { chooseOutputFormat } from "./output-format.js";

const FORMATS = ["csv", "jsonl", "parquet"] as const;

describe("the output format of --out", () => {
  it("comes from the extension, or from --format, and is CSV on stdout or without an extension", () => {
    expect(chooseOutputFormat("a.csv", undefined, FORMATS)).toBe("csv");
    expect(chooseOutputFormat("dir/a.PARQUET", undefined, FORMATS)).toBe("parquet");
    expect(chooseOutputFormat("a.ndjson", undefined, FORMATS)).toBe("jsonl");
    expect(chooseOutputFormat("-", undefined, FORMATS)).toBe("csv");
    expect(chooseOutputFormat("-", "jsonl", FORMATS)).toBe("jsonl");
    expect(chooseOutputFormat("out", undefined, FORMATS)).toBe("csv");
    expect(chooseOutputFormat("a.parquet", "parquet", FORMATS)).toBe("parquet");
  });

  it("refuses a --format that contradicts the file's name, saying which name fits", () => {
    expect(() => chooseOutputFormat("out.csv", "parquet", FORMATS)).toThrow(/--format parquet does not match --out out\.csv, whose name says csv: name the file out\.parquet, or drop --format/);
  });

  it("refuses an extension mimic does not write unless --format says what to write", () => {
    expect(() => chooseOutputFormat("x.xlsx", undefined, FORMATS)).toThrow(/mimic does not write \.xlsx files; it writes \.csv, \.jsonl, \.ndjson, \.parquet, \.pq/);
    expect(chooseOutputFormat("x.txt", "csv", FORMATS)).toBe("csv");
    expect(() => chooseOutputFormat("x.csv", "xml", FORMATS)).toThrow(/--format must be one of csv, jsonl, parquet, got "xml"/);
  });
});
