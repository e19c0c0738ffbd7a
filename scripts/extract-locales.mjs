#!/usr/bin/env node
// Builds the committed word lists of the de-DE and fr-FR locales (and the locale-independent ones of
// en-US: company suffixes, e-mail domains, lorem words) from the locale definitions of the npm
// package @faker-js/faker (MIT). The en-US names and places come from census and USPS data, see
// scripts/extract-names.mjs and scripts/extract-zips.mjs.
// Usage: node scripts/extract-locales.mjs   (rewrites src/synth/locales/{de-DE,fr-FR}/*.csv,
// src/synth/locales/en-US/{company-suffixes,email-domains}.csv and src/synth/locales/lorem-words.csv)
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { fetchPackage } from "./internal/npm-package.mjs";

const VERSION = "10.6.0";
const OUT = new URL("../src/synth/locales/", import.meta.url);
const root = fetchPackage("@faker-js/faker", VERSION);
const faker = await import(pathToFileURL(join(root, "dist", "index.js")).href);
const SOURCE = `Source: npm package @faker-js/faker@${VERSION} (locale "%s", file dist/index.js).`;
const LICENCE = "Licence: MIT (faker: Copyright (c) 2022-2025 Faker; faker.js Copyright (c) 2011-2020 Marak Squires). Regenerate with scripts/extract-locales.mjs.";

const cell = (v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** Writes one list: `#` header lines (what, source, licence), the column name, one value a line. */
function writeList(folder, file, what, locale, column, values) {
  const unique = [...new Set(values.map((v) => v.normalize("NFC").trim()))].filter((v) => v !== "");
  const dir = new URL(folder === "" ? "./" : `${folder}/`, OUT);
  mkdirSync(dir, { recursive: true });
  const lines = [`# ${what}`, `# ${SOURCE.replace("%s", locale)}`, `# ${LICENCE}`, column, ...unique.map(cell)];
  writeFileSync(new URL(file, dir), `${lines.join("\n")}\n`);
  console.log(`wrote ${folder === "" ? "" : `${folder}/`}${file}: ${unique.length} rows`);
}

for (const [code, key] of [["de-DE", "de"], ["fr-FR", "fr"]]) {
  const def = faker[key];
  const person = def.person;
  writeList(code, "first-names-female.csv", "Female given names (unweighted).", key, "name", person.first_name.female);
  writeList(code, "first-names-male.csv", "Male given names (unweighted).", key, "name", person.first_name.male);
  writeList(code, "last-names.csv", "Family names (unweighted).", key, "name", person.last_name.generic);
  writeList(code, "cities.csv", "Cities (unweighted).", key, "city", def.location.city_name);
  if (code === "de-DE") writeList(code, "street-names.csv", "Street names (unweighted).", key, "street_name", def.location.street_name);
  else {
    writeList(code, "street-prefixes.csv", "Kinds of street, written before the name (Rue, Avenue...).", key, "street_prefix", def.location.street_prefix);
    writeList(code, "street-names.csv", "Street names, written after the kind of street (unweighted).", key, "street_name", def.location.street_suffix);
  }
  writeList(code, "company-suffixes.csv", "Legal forms of companies.", key, "suffix", def.company.legal_entity_type);
  writeList(code, "email-domains.csv", "Free e-mail providers.", key, "domain", def.internet.free_email);
}
writeList("en-US", "company-suffixes.csv", "Legal forms of companies.", "en", "suffix", faker.en.company.legal_entity_type);
writeList("en-US", "email-domains.csv", "Free e-mail providers.", "en", "domain", faker.en.internet.free_email);
writeList("", "lorem-words.csv", "Lorem ipsum words (pseudo-Latin), for every locale.", "en", "word", faker.en.lorem.word);
