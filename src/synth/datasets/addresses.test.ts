// Patterns of addresses measured on 100,000 rows at a fixed seed, with stated tolerances.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { MimicError } from "../../errors/index.js";
import type { ColumnBatch, TableGenerator } from "../batch.js";
import { addresses, PROPERTY_TYPE_SHARES } from "./addresses.js";
import { column, generate, Offenders, shares, textLines, textRows, type Cell } from "./test-support/rows.js";

const require = createRequire(import.meta.url);
const { codes } = require("zipcodes/lib/codes.js") as { codes: Record<string, { city: string; state: string; latitude: number; longitude: number }> };
const ROWS = 100_000;
const STREET_TYPES = ["Street", "Avenue", "Drive", "Road", "Lane", "Court", "Way", "Place", "Boulevard", "Circle", "Trail", "Parkway", "Terrace"];

let table: TableGenerator;
let batches: ColumnBatch[];
const col = (name: string): Cell[] => column(table, batches, name);
const cols = <const T extends readonly string[]>(...names: T): { [K in keyof T]: Cell[] } =>
  names.map((n) => col(n)) as { [K in keyof T]: Cell[] };

beforeAll(() => {
  table = addresses.build({}, 42);
  batches = generate(table, ROWS);
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe("addresses shape", () => {
  it("has the seed's columns plus unit, latitude and longitude", () => {
    expect(table.shape.columns.map((c) => c.name)).toEqual([
      "id", "address", "unit", "city", "state", "zip", "country", "latitude", "longitude", "property_type", "assessed_value",
    ]);
    expect(table.shape.columns.find((c) => c.name === "zip")?.type).toBe("string");
  });

  it("matches the golden rows at seed 42", () => {
    expect(textLines(table, batches, 8)).toMatchSnapshot();
  });

  it("is deterministic for a seed", () => {
    const again = addresses.build({}, 42);
    expect(textRows(again, [again.generateChunk(0, 100)], 100)).toEqual(textRows(table, batches, 100));
  });
});

describe("addresses places are real and consistent", () => {
  it("puts every row's city, state and coordinates at its real ZIP code", () => {
    const [zip, city, state, lat, lon, country] = cols("zip", "city", "state", "latitude", "longitude", "country");
    const bad = new Offenders();
    for (let i = 0; i < ROWS; i++) {
      const real = codes[zip[i] as string];
      const ok =
        real !== undefined &&
        city[i] === real.city &&
        state[i] === real.state &&
        country[i] === "US" &&
        Math.abs((lat[i] as number) - real.latitude) <= 0.01001 &&
        Math.abs((lon[i] as number) - real.longitude) <= 0.01251;
      bad.check(ok, () => `row ${i}: ${String(zip[i])} ${String(city[i])}, ${String(state[i])} at ${String(lat[i])}, ${String(lon[i])}`);
    }
    expect(bad.report()).toEqual({ count: 0, first: [] });
    expect(new Set(zip).size).toBeGreaterThan(2500);
  });

  it("draws cities in proportion to population (largest ten within 4 standard errors)", () => {
    const text = readFileSync(new URL("../locales/en-US/zips.csv", import.meta.url), "utf8");
    const rows = parse<Record<string, string>>(text, { columns: true, comment: "#" });
    const population = new Map<string, number>();
    for (const r of rows) population.set(`${r.city}, ${r.state}`, Number(r.city_population));
    const total = [...population.values()].reduce((s, p) => s + p, 0);
    const [city, state] = cols("city", "state");
    const observed = shares(city.map((c, i) => `${String(c)}, ${String(state[i])}`));
    const largest = [...population].sort((a, b) => b[1] - a[1]).slice(0, 10);
    expect(largest.map(([name]) => name).slice(0, 3)).toEqual(["Los Angeles, CA", "Chicago, IL", "Brooklyn, NY"]);
    for (const [name, pop] of largest) {
      const p = pop / total;
      const se = Math.sqrt((p * (1 - p)) / ROWS);
      expect(Math.abs(observed.get(name)! - p), name).toBeLessThan(4 * se);
    }
  });
});

describe("addresses streets and units", () => {
  it("writes 'number name type' and never a name that is its own type", () => {
    const typePattern = new RegExp(`^([1-9]\\d{0,4}) ([A-Za-z ]+) (${STREET_TYPES.join("|")})$`);
    const houseNumbers: number[] = [];
    const bad = new Offenders();
    for (const a of col("address")) {
      const m = typePattern.exec(a as string);
      const ok = m !== null && m[2]!.split(" ").every((word) => !STREET_TYPES.includes(word));
      bad.check(ok, () => String(a));
      if (m !== null) houseNumbers.push(Number(m[1]));
    }
    expect(bad.report()).toEqual({ count: 0, first: [] });
    // Small house numbers are the most common, not uniform over 1-9999.
    expect(median(houseNumbers)).toBeGreaterThan(300);
    expect(median(houseNumbers)).toBeLessThan(1200);
  });

  it("gives a unit exactly to the types that have units", () => {
    const [unit, type] = cols("unit", "property_type");
    const bad = new Offenders();
    for (let i = 0; i < ROWS; i++) {
      const u = unit[i];
      const ok =
        type[i] === "Multi-family" ? /^Apt [1-9]\d{2,3}$/.test(u as string) : type[i] === "Condo" ? /^Unit [1-9]\d{2,3}$/.test(u as string) : u === null;
      bad.check(ok, () => `row ${i}: ${String(type[i])} with unit ${String(u)}`);
    }
    expect(bad.report()).toEqual({ count: 0, first: [] });
  });

  it("uses the seed's property-type shares, within 0.7 points", () => {
    const observed = shares(col("property_type"));
    for (const [label, pct] of Object.entries(PROPERTY_TYPE_SHARES)) expect(Math.abs(observed.get(label)! * 100 - pct), label).toBeLessThan(0.7);
  });
});

describe("addresses property types by city size", () => {
  it("puts more flats and condos in big cities, more farms and mobile homes in smaller ones", () => {
    const [type, city, state] = cols("property_type", "city", "state");
    const text = readFileSync(new URL("../locales/en-US/zips.csv", import.meta.url), "utf8");
    const population = new Map(parse<Record<string, string>>(text, { columns: true, comment: "#" }).map((r) => [`${r.city}, ${r.state}`, Number(r.city_population)]));
    const share = (labels: string[], inBand: (p: number) => boolean): number => {
      let n = 0;
      let hit = 0;
      for (let i = 0; i < ROWS; i++) {
        if (!inBand(population.get(`${String(city[i])}, ${String(state[i])}`)!)) continue;
        n++;
        if (labels.includes(type[i] as string)) hit++;
      }
      return hit / n;
    };
    const big = (p: number): boolean => p >= 1_000_000;
    const small = (p: number): boolean => p < 200_000;
    expect(share(["Multi-family", "Condo"], big)).toBeGreaterThan(share(["Multi-family", "Condo"], small) + 0.15);
    expect(share(["Farm", "Mobile home"], small)).toBeGreaterThan(3 * share(["Farm", "Mobile home"], big));
  });
});

describe("addresses assessed value", () => {
  it("depends on the property type", () => {
    const [value, type] = cols("assessed_value", "property_type");
    const byType = (t: string): number => median(value.filter((_, i) => type[i] === t) as number[]);
    expect(byType("Farm")).toBeGreaterThan(byType("Single-family"));
    expect(byType("Multi-family")).toBeGreaterThan(1.3 * byType("Single-family"));
    expect(byType("Single-family")).toBeGreaterThan(byType("Condo"));
    expect(byType("Mobile home")).toBeLessThan(0.4 * byType("Single-family"));
    expect(value.filter((v) => (v as number) % 1000 !== 0 || (v as number) < 10_000)).toEqual([]);
  });

  it("depends on the location (state price level)", () => {
    const [value, type, state] = cols("assessed_value", "property_type", "state");
    const houses = (s: string): number => median(value.filter((_, i) => type[i] === "Single-family" && state[i] === s) as number[]);
    expect(houses("CA") / houses("OH")).toBeGreaterThan(2.5);
    expect(Math.abs(houses("CA") / 715_000 - 1)).toBeLessThan(0.05);
    expect(Math.abs(houses("TX") / 275_000 - 1)).toBeLessThan(0.05);
  });

  it("is exact per type and state with --value-spread 0", () => {
    const t = addresses.build({ "value-spread": "0", "property-types": "Single-family=1" }, 3);
    const b = generate(t, 3000);
    const [value, state] = [column(t, b, "assessed_value"), column(t, b, "state")];
    const ca = new Set(value.filter((_, i) => state[i] === "CA"));
    expect(ca).toEqual(new Set([715_000]));
  });
});

describe("addresses options", () => {
  it("takes property-type shares", () => {
    const t = addresses.build({ "property-types": "Condo=1" }, 5);
    const b = generate(t, 1000);
    expect(new Set(column(t, b, "property_type"))).toEqual(new Set(["Condo"]));
    expect(column(t, b, "unit").every((u) => typeof u === "string" && u.startsWith("Unit "))).toBe(true);
  });

  it("refuses unknown property types and a bad spread, together", () => {
    let error: unknown;
    try {
      addresses.build({ "property-types": "Castle=5", "value-spread": "-1" }, 1);
    } catch (e) {
      error = e;
    }
    expect((error as MimicError).code).toBe("DATASET_OPTION_INVALID");
    expect((error as MimicError).issues.map((i) => i.path).sort()).toEqual(["--property-types", "--value-spread"]);
    expect((error as MimicError).message).toMatch(/"Castle" is not one of Single-family/);
  });
});
