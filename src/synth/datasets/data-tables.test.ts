// The committed data tables: headers with source and licence, no duplicates, and (for ZIP codes)
// agreement with the package they were extracted from.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const ROOT = new URL("./", import.meta.url);
const FOLDERS = ["coffee-sales", "addresses", "../locales/en-US"];

function readTable(folder: string, file: string): { header: string[]; rows: Record<string, string>[] } {
  const text = readFileSync(new URL(`${folder}/${file}`, ROOT), "utf8");
  const header = text.split("\n").filter((l) => l.startsWith("#"));
  const rows = parse<Record<string, string>>(text, { columns: true, comment: "#", skip_empty_lines: true });
  return { header, rows };
}

const dataFiles = FOLDERS.flatMap((folder) =>
  readdirSync(new URL(`${folder}/`, ROOT))
    .filter((f) => f.endsWith(".csv"))
    .map((file) => [folder, file] as const),
);

describe("every data table", () => {
  it("exists for each dataset", () => {
    expect(dataFiles.length).toBeGreaterThanOrEqual(9);
  });

  it.each(dataFiles)("%s/%s starts with a source and licence header and has no duplicate key", (folder, file) => {
    const { header, rows } = readTable(folder, file);
    const text = header.join("\n");
    expect(text).toMatch(/Source:/);
    expect(text).toMatch(/Licen[cs]e:/);
    expect(rows.length).toBeGreaterThan(0);
    const key = Object.keys(rows[0]!)[0]!;
    const keys = rows.map((r) => r[key]);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("coffee-sales menu", () => {
  // The seed's menu (shared/seed/README.md): id, product, calories, price, type.
  const SEED_MENU = `1 Latte 120 3.50|2 Cappuccino 100 3.00|3 Americano 5 2.50|4 Espresso 10 2.00|5 Mocha 250 4.00|
    6 Iced Coffee 80 2.50|7 Hot Chocolate 300 3.50|8 Tea 0 2.00|9 Frappe 450 5.00|10 Smoothie 200 4.00|11 Iced Tea 0 2.50|
    12 Lemonade 120 3.00|13 Hot Tea 0 2.00|14 Chai Tea 200 3.50|15 Iced Chai 250 4.00|16 Croissant 231 2.99|17 Bagel 289 3.49|
    18 Muffin 426 3.99|19 Sandwich 512 6.99|20 Wrap 388 5.99|21 Salad 231 7.99|22 Quiche 456 4.99|23 Scone 335 2.49|
    24 Pastry 397 3.99|25 Cake 512 5.99`;

  it("is the seed's 25 products with their calories, prices and types", () => {
    const { rows } = readTable("coffee-sales", "menu.csv");
    const expected = SEED_MENU.split("|").map((s) => {
      const parts = s.trim().split(" ");
      return { id: parts[0], product: parts.slice(1, -2).join(" "), calories: parts.at(-2), price: parts.at(-1) };
    });
    expect(rows.map((r) => ({ id: r.product_id, product: r.product, calories: r.calories, price: r.price }))).toEqual(expected);
    expect(rows.map((r) => r.type)).toEqual([...Array<string>(15).fill("Drink"), ...Array<string>(10).fill("Food")]);
    for (const r of rows) {
      // Each product is in exactly one of hot drinks, cold drinks, food.
      const pools = [r.hot_weight, r.cold_weight, r.food_weight].filter((w) => Number(w) > 0);
      expect(pools).toHaveLength(1);
      expect(Number(r.food_weight) > 0).toBe(r.type === "Food");
    }
  });
});

describe("addresses tables", () => {
  const zips = readTable("../locales/en-US", "zips.csv").rows;
  const { codes } = require("zipcodes/lib/codes.js") as { codes: Record<string, { city: string; state: string; latitude: number; longitude: number }> };

  it("has every ZIP with the zipcodes package's own city, state and centroid", () => {
    expect(zips.length).toBeGreaterThan(3500);
    // Residential ZIPs only: not the Empire State Building's or the White House's own ZIP.
    const listed = new Set(zips.map((z) => z.zip));
    expect([listed.has("10001"), listed.has("10118"), listed.has("20500")]).toEqual([true, false, false]);
    for (const z of zips) {
      expect(z.zip).toMatch(/^\d{5}$/);
      const real = codes[z.zip!];
      expect(real, z.zip).toBeDefined();
      expect([z.city, z.state]).toEqual([real!.city, real!.state]);
      expect(Number(z.latitude)).toBeCloseTo(real!.latitude, 3);
      expect(Number(z.longitude)).toBeCloseTo(real!.longitude, 3);
    }
  });

  it("splits each city's population over its ZIP codes, and covers the largest cities", () => {
    const byCity = new Map<string, { population: number; weight: number }>();
    for (const z of zips) {
      const key = `${z.city}, ${z.state}`;
      const entry = byCity.get(key) ?? { population: Number(z.city_population), weight: 0 };
      expect(Number(z.city_population)).toBe(entry.population);
      expect(Number(z.weight)).toBeGreaterThan(0);
      entry.weight += Number(z.weight);
      byCity.set(key, entry);
    }
    expect(byCity.size).toBeGreaterThan(250);
    for (const { population, weight } of byCity.values()) expect(Math.abs(weight - population) / population).toBeLessThan(0.01);
    for (const city of ["New York, NY", "Los Angeles, CA", "Chicago, IL", "Houston, TX", "Phoenix, AZ", "Brooklyn, NY"]) {
      expect(byCity.get(city)?.population, city).toBeGreaterThan(1_000_000);
    }
  });

  it("has a price level for every state that occurs", () => {
    const states = new Set(readTable("addresses", "state-home-values.csv").rows.map((r) => r.state));
    expect(states.size).toBe(51);
    for (const z of zips) expect(states.has(z.state), z.state).toBe(true);
  });

  it("never has a street name that is also a street type", () => {
    const types = new Set(readTable("../locales/en-US", "street-types.csv").rows.map((r) => r.street_type!.toLowerCase()));
    for (const { street_name } of readTable("../locales/en-US", "street-names.csv").rows) {
      for (const word of street_name!.toLowerCase().split(" ")) expect(types.has(word), street_name).toBe(false);
    }
  });

  it("has the seed's property-type shares", () => {
    const rows = readTable("addresses", "property-types.csv").rows;
    expect(Object.fromEntries(rows.map((r) => [r.property_type, Number(r.share)]))).toEqual({
      "Single-family": 63,
      "Multi-family": 26,
      Condo: 4,
      Townhouse: 3,
      "Mobile home": 2,
      Farm: 1,
      Other: 1,
    });
    for (const r of rows) expect(r.has_units === "true").toBe(r.unit_prefix !== "");
  });
});

describe("demographics name tables", () => {
  it.each(["first-names-male.csv", "first-names-female.csv", "last-names.csv"])("%s has capitalised names with positive weights", (file) => {
    const { rows } = readTable("../locales/en-US", file);
    expect(rows.length).toBeGreaterThanOrEqual(1000);
    for (const r of rows) {
      expect(r.name).toMatch(/^[A-Z][a-z]+$/);
      expect(Number(r.weight)).toBeGreaterThan(0);
    }
  });

  it("lists the names people born around 1975 have", () => {
    const top = (file: string): string[] => readTable("../locales/en-US", file).rows.slice(0, 10).map((r) => r.name!);
    expect(top("first-names-male.csv")).toEqual(expect.arrayContaining(["Michael", "David", "James", "John", "Robert"]));
    expect(top("first-names-female.csv")).toEqual(expect.arrayContaining(["Jennifer", "Lisa", "Michelle"]));
    expect(top("last-names.csv").slice(0, 3)).toEqual(["Smith", "Johnson", "Williams"]);
  });
});
