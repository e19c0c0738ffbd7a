// Shares and dependencies of demographics measured on 100,000 rows at a fixed seed. A share's
// standard error is at most 0.16 points here, so the 1-point tolerance cannot flake.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { MimicError } from "../../errors/index.js";
import type { ColumnBatch, TableGenerator } from "../batch.js";
import { DEMOGRAPHIC_SHARES, demographics } from "./demographics.js";
import { column, generate, Offenders, shares, textLines, textRows, type Cell } from "./test-support/rows.js";

const ROWS = 100_000;
let table: TableGenerator;
let batches: ColumnBatch[];
const col = (name: string): Cell[] => column(table, batches, name);
const cols = <const T extends readonly string[]>(...names: T): { [K in keyof T]: Cell[] } =>
  names.map((n) => col(n)) as { [K in keyof T]: Cell[] };

function names(file: string): Set<string> {
  const text = readFileSync(new URL(`../locales/en-US/${file}`, import.meta.url), "utf8");
  return new Set(parse<Record<string, string>>(text, { columns: true, comment: "#" }).map((r) => r.name!));
}

/** Year of birth of a date column value (days since 1970-01-01). */
const yearOf = (days: Cell): number => new Date((days as number) * 86_400_000).getUTCFullYear();

beforeAll(() => {
  table = demographics.build({}, 42);
  batches = generate(table, ROWS);
});

describe("demographics shape", () => {
  it("has the seed's columns (typos fixed) plus political_affiliation", () => {
    expect(table.shape.columns.map((c) => c.name)).toEqual([
      "id", "first_name", "last_name", "dob", "gender", "marital_status", "race", "religion", "political_affiliation",
    ]);
    expect(table.shape.columns.find((c) => c.name === "dob")?.type).toBe("date");
  });

  it("matches the golden rows at seed 42", () => {
    expect(textLines(table, batches, 8)).toMatchSnapshot();
  });

  it("is deterministic for a seed", () => {
    const again = demographics.build({}, 42);
    expect(textRows(again, [again.generateChunk(0, 100)], 100)).toEqual(textRows(table, batches, 100));
  });
});

describe("demographics shares", () => {
  it.each(Object.keys(DEMOGRAPHIC_SHARES))("%s matches the default shares within 1 point overall", (name) => {
    const observed = shares(col(name));
    const expected = DEMOGRAPHIC_SHARES[name as keyof typeof DEMOGRAPHIC_SHARES] as Record<string, number>;
    expect([...observed.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [label, pct] of Object.entries(expected)) expect(Math.abs(observed.get(label)! * 100 - pct), label).toBeLessThan(1);
  });
});

describe("demographics names", () => {
  it("gives first names that match gender, from the real name lists", () => {
    const [male, female, last] = [names("first-names-male.csv"), names("first-names-female.csv"), names("last-names.csv")];
    const [first, gender, surname] = cols("first_name", "gender", "last_name");
    const bad = new Offenders();
    for (let i = 0; i < ROWS; i++) {
      const name = first[i] as string;
      const ok =
        (gender[i] === "Male" ? male.has(name) : gender[i] === "Female" ? female.has(name) : male.has(name) || female.has(name)) &&
        last.has(surname[i] as string);
      bad.check(ok, () => `row ${i}: ${String(gender[i])} ${name} ${String(surname[i])}`);
    }
    expect(bad.report()).toEqual({ count: 0, first: [] });
    // Weighted by real frequencies: the most common names come up most.
    const maleNames = shares(first.filter((_, i) => gender[i] === "Male"));
    expect(maleNames.get("Michael")!).toBeGreaterThan(0.03);
    expect(shares(surname).get("Smith")!).toBeGreaterThan(shares(surname).get("Miller")!);
  });
});

describe("demographics date of birth", () => {
  it("has year ~ Normal(1975, 10) without truncation bias", () => {
    const years = col("dob").map(yearOf);
    const mean = years.reduce((s, y) => s + y, 0) / ROWS;
    const sd = Math.sqrt(years.reduce((s, y) => s + (y - mean) ** 2, 0) / ROWS);
    // Standard error of the mean is 0.03; the seed's int() would give 1974.5.
    expect(Math.abs(mean - 1975)).toBeLessThan(0.12);
    expect(Math.abs(sd - 10)).toBeLessThan(0.15);
  });

  it("spreads birthdays uniformly over the year", () => {
    const months = shares(col("dob").map((d) => new Date((d as number) * 86_400_000).getUTCMonth()));
    expect(months.size).toBe(12);
    expect(Math.abs(months.get(1)! - 28.25 / 365.25)).toBeLessThan(0.005);
    expect(Math.abs(months.get(0)! - 31 / 365.25)).toBeLessThan(0.005);
    const days = new Set(col("dob").map((d) => new Date((d as number) * 86_400_000).getUTCDate()));
    expect(days.size).toBe(31);
  });
});

describe("demographics dependencies", () => {
  const byAge = (name: string, label: string, test: (age: number) => boolean): number => {
    const [dob, values] = [col("dob"), col(name)];
    let n = 0;
    let hit = 0;
    for (let i = 0; i < ROWS; i++) {
      if (!test(2025 - yearOf(dob[i]!))) continue;
      n++;
      if (values[i] === label) hit++;
    }
    return hit / n;
  };

  it("makes the young more often single and the old more often married", () => {
    expect(byAge("marital_status", "Single", (a) => a < 30)).toBeGreaterThan(0.55);
    expect(byAge("marital_status", "Single", (a) => a >= 60)).toBeLessThan(0.3);
    expect(byAge("marital_status", "Married", (a) => a >= 50)).toBeGreaterThan(byAge("marital_status", "Married", (a) => a < 40) + 0.1);
  });

  it("makes the young less religious and more independent", () => {
    expect(byAge("religion", "Agnostic", (a) => a < 35)).toBeGreaterThan(byAge("religion", "Agnostic", (a) => a >= 65) + 0.1);
    expect(byAge("political_affiliation", "Independent", (a) => a < 35)).toBeGreaterThan(byAge("political_affiliation", "Independent", (a) => a >= 65) + 0.1);
  });
});

describe("demographics options", () => {
  it("takes shares and birth-year parameters", () => {
    const t = demographics.build({ gender: "Female=1", "birth-year-mean": "1990", "birth-year-sd": "2" }, 9);
    const b = generate(t, 5000);
    expect(new Set(column(t, b, "gender"))).toEqual(new Set(["Female"]));
    const female = names("first-names-female.csv");
    expect(column(t, b, "first_name").every((n) => female.has(n as string))).toBe(true);
    const years = column(t, b, "dob").map(yearOf);
    expect(Math.min(...years)).toBeGreaterThan(1975);
    expect(Math.max(...years)).toBeLessThan(2005);
  });

  it("keeps overridden overall shares while they vary with age", () => {
    const t = demographics.build({ "marital-status": "Married=20,Single=70,Unknown=10" }, 11);
    const observed = shares(column(t, generate(t, 50_000), "marital_status"));
    expect(Math.abs(observed.get("Single")! - 0.7)).toBeLessThan(0.015);
    expect(Math.abs(observed.get("Married")! - 0.2)).toBeLessThan(0.015);
  });

  it("refuses an as-of year before most people are born", () => {
    expect(() => demographics.build({ "as-of-year": "1950" }, 1)).toThrow(/--as-of-year 1950 is before --birth-year-mean 1975/);
  });

  it("lists every bad option at once", () => {
    let error: unknown;
    try {
      demographics.build({ gender: "Male=-1", "birth-year-sd": "0", religion: "Christian=1,Christian=2" }, 1);
    } catch (e) {
      error = e;
    }
    expect((error as MimicError).code).toBe("DATASET_OPTION_INVALID");
    expect((error as MimicError).issues.map((i) => i.path).sort()).toEqual(["--birth-year-sd", "--gender", "--religion"]);
  });
});
