// Every locale list: a source and licence header, valid UTF-8 in NFC form, no duplicates, no stray
// whitespace or control characters; and each locale's data loads with the lists it needs.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LOCALE_CODES, localeData, loremWords } from "./index.js";
import { readRecords } from "./word-list.js";

const ROOT = new URL("./", import.meta.url);
const files = [
  ...LOCALE_CODES.flatMap((code) => readdirSync(new URL(`${code}/`, ROOT)).filter((f) => f.endsWith(".csv")).map((f) => `${code}/${f}`)),
  "lorem-words.csv",
];

describe("locale lists", () => {
  it("exist for every locale", () => {
    expect(files.length).toBeGreaterThanOrEqual(24);
  });

  it.each(files)("%s has a source and licence header, valid UTF-8 in NFC, no duplicates", (name) => {
    const bytes = readFileSync(new URL(name, ROOT));
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); // throws on invalid UTF-8
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const header = text.split("\n").filter((l) => l.startsWith("#")).join("\n");
    expect(header).toMatch(/Source:/);
    expect(header).toMatch(/Licen[cs]e:/);
    const records = readRecords(new URL(name, ROOT));
    expect(records.length).toBeGreaterThan(0);
    const key = Object.keys(records[0]!)[0]!;
    const words = records.map((r) => r[key]!);
    const seen = new Set<string>();
    for (const w of words) {
      expect(seen.has(w), `${w} repeats`).toBe(false);
      seen.add(w);
      expect(w).toBe(w.normalize("NFC"));
      expect(w).toBe(w.trim());
      expect([...w].some((ch) => ch.charCodeAt(0) < 0x20 || (ch.charCodeAt(0) >= 0x7f && ch.charCodeAt(0) < 0xa0) || ch === "\ufffd")).toBe(false);
      expect(w).not.toMatch(/Ã|Â/); // UTF-8 read as Latin-1 somewhere upstream
    }
    if ("weight" in records[0]!) for (const r of records) expect(Number(r.weight)).toBeGreaterThan(0);
  });

  it.each(LOCALE_CODES)("%s loads names, companies, e-mail domains and places", (code) => {
    const d = localeData(code);
    expect(d.femaleNames.words.length).toBeGreaterThan(400);
    expect(d.maleNames.words.length).toBeGreaterThan(400);
    expect(d.lastNames.words.length).toBeGreaterThanOrEqual(150);
    expect(d.companySuffixes.words.length).toBeGreaterThan(3);
    expect(d.emailDomains.words.length).toBeGreaterThan(2);
    expect(d.streetNames.words.length).toBeGreaterThan(50);
    expect(d.zips !== undefined || d.cities !== undefined).toBe(true);
    // Names are capitalised words of letters (with hyphens, apostrophes or spaces inside).
    for (const n of [...d.femaleNames.words, ...d.maleNames.words, ...d.lastNames.words]) expect(n).toMatch(/^\p{Lu}[\p{L}'’ -]*\p{L}$/u);
  });

  it("has German and French letters where the languages use them", () => {
    expect(localeData("de-DE").lastNames.words.some((w) => /[äöüß]/.test(w))).toBe(true);
    expect(localeData("fr-FR").femaleNames.words.some((w) => /[éèçï]/.test(w))).toBe(true);
    expect(loremWords().length).toBeGreaterThan(500);
  });
});
