// Postal addresses of a locale. Columns with the same `place` describe one address of the row (its
// street, city, postcode and state agree), drawn once per chunk from a stream shared by key.
import { LOCALE_CODES, localeData, type LocaleCode, type LocaleData, type WordList } from "../../../locales/index.js";
import type { Random } from "../../../../random/index.js";
import { isObj } from "../../internal/checker.js";
import type { ChunkScope } from "../../plan.js";
import type { BuildEnv, KindBuilder } from "../env.js";
import { COMMON } from "../ids.js";
import { encodedWords, TextBuilder, type EncodedWord } from "./text-builder.js";
import { drawIndices } from "./words.js";

const PARTS = ["full", "street", "city", "postcode", "state"] as const;
type Part = (typeof PARTS)[number];

interface Places {
  readonly data: LocaleData;
  readonly house: Uint32Array;
  readonly street: Uint32Array;
  /** en-US: street types; fr-FR: kinds of street. */
  readonly type: Uint32Array;
  /** en-US: index of the ZIP record; else of the city. */
  readonly place: Uint32Array;
  /** de-DE and fr-FR: the postcode as a number. */
  readonly postcode: Uint32Array;
}

const zipLists = new WeakMap<LocaleData, WordList>();
/** The ZIP codes of en-US as a weighted list (weight: city population over its ZIP codes). */
function zipList(data: LocaleData): WordList {
  let z = zipLists.get(data);
  if (z === undefined) zipLists.set(data, (z = { words: data.zips!.records.map((r) => r.zip), weights: data.zips!.weights }));
  return z;
}

/** A house number: log-uniform, so small numbers are the most common (1 to `max`). */
function houseNumbers(rng: Random, n: number, decades: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(10 ** (rng.next() * decades));
  return out;
}

function drawPlaces(locale: LocaleCode, n: number, rng: Random): Places {
  const data = localeData(locale);
  const us = locale === "en-US";
  const house = houseNumbers(rng.fork("house"), n, us ? 4 : 2.2);
  const street = drawIndices(data.streetNames, rng.fork("street"), n);
  const type = data.streetTypes === undefined ? new Uint32Array(n) : drawIndices(data.streetTypes, rng.fork("type"), n);
  const place = us ? drawIndices(zipList(data), rng.fork("zip"), n) : drawIndices(data.cities!, rng.fork("city"), n);
  const postcode = new Uint32Array(n);
  const pc = rng.fork("postcode");
  for (let i = 0; i < n; i++) {
    // Germany: 01067–99998. France: a département 01–95 (not 20, split into 2A/2B) and three digits.
    if (locale === "de-DE") postcode[i] = 1067 + Math.floor(pc.next() * (99998 - 1067 + 1));
    else if (locale === "fr-FR") {
      let dept = 1 + Math.floor(pc.next() * 94);
      if (dept >= 20) dept++;
      postcode[i] = dept * 1000 + Math.floor(pc.next() * 1000);
    }
  }
  return { data, house, street, type, place, postcode };
}

interface Encoded {
  readonly streetNames: readonly EncodedWord[];
  readonly streetTypes: readonly EncodedWord[];
  /** en-US: of the ZIP records; else of the cities. */
  readonly cities: readonly EncodedWord[];
  readonly states: readonly EncodedWord[];
  readonly zips: readonly EncodedWord[];
}
const encodings = new WeakMap<LocaleData, Encoded>();

/** A locale's place lists encoded once (en-US cities, states and ZIPs by ZIP record). */
function encoded(d: LocaleData): Encoded {
  let e = encodings.get(d);
  if (e === undefined) {
    const zips = d.zips?.records ?? [];
    e = {
      streetNames: encodedWords(d.streetNames.words),
      streetTypes: encodedWords(d.streetTypes?.words ?? []),
      cities: encodedWords(d.zips === undefined ? d.cities!.words : zips.map((z) => z.city)),
      states: encodedWords(zips.map((z) => z.state)),
      zips: encodedWords(zips.map((z) => z.zip)),
    };
    encodings.set(d, e);
  }
  return e;
}

const [SPACE, COMMA] = [32, 44];

/** Writes the five-digit postcode of a number (zero-padded: 01067). */
function postcode(text: TextBuilder, n: number): void {
  if (n < 10000) text.char(48);
  text.int(n);
}

/** Writes one part of row i's address. */
function writePart(text: TextBuilder, p: Places, e: Encoded, part: Part, i: number): void {
  const d = p.data;
  const place = p.place[i]!;
  if (d.code === "en-US") {
    if (part === "city") text.word(e.cities[place]!);
    else if (part === "state") text.word(e.states[place]!);
    else if (part === "postcode") text.word(e.zips[place]!);
    else {
      text.int(p.house[i]!).char(SPACE).word(e.streetNames[p.street[i]!]!).char(SPACE).word(e.streetTypes[p.type[i]!]!);
      if (part === "full") text.char(COMMA).char(SPACE).word(e.cities[place]!).char(COMMA).char(SPACE).word(e.states[place]!).char(SPACE).word(e.zips[place]!);
    }
    return;
  }
  if (part === "city") text.word(e.cities[place]!);
  else if (part === "postcode") postcode(text, p.postcode[i]!);
  else {
    if (d.code === "de-DE") text.word(e.streetNames[p.street[i]!]!).char(SPACE).int(p.house[i]!);
    else text.int(p.house[i]!).char(SPACE).word(e.streetTypes[p.type[i]!]!).char(SPACE).word(e.streetNames[p.street[i]!]!);
    if (part === "full") {
      text.char(COMMA).char(SPACE);
      postcode(text, p.postcode[i]!);
      text.char(SPACE).word(e.cities[place]!);
    }
  }
}

/** The locale of place `place`: that of its first address column, else the table's. */
function placeLocale(place: string, env: BuildEnv, at: string): LocaleCode | undefined {
  for (const name of env.columnNames) {
    const spec = env.columnSpec(name);
    if (!isObj(spec) || spec.kind !== "address" || (spec.place ?? "address") !== place) continue;
    if ((LOCALE_CODES as readonly unknown[]).includes(spec.locale)) return spec.locale as LocaleCode;
    break;
  }
  return env.locale({}, at);
}

export const address: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "part", "place", "locale", ...COMMON], "an address column");
  const before = c.count;
  const part = (c.string(o, "part", path, { oneOf: PARTS }) ?? "full") as Part;
  const place = c.string(o, "place", path) ?? "address";
  const own = env.locale(o, path);
  if (c.count > before || own === undefined) return undefined;
  const locale = placeLocale(place, env, path);
  if (locale !== own) {
    c.add(`${path}.locale`, "conflict", `the columns of place "${place}" must share one locale (the first one has ${locale}); give them the same, or another place: name`);
    return undefined;
  }
  if (part === "state" && locale !== "en-US") {
    c.add(`${path}.part`, "invalid_value", `part: state exists for en-US addresses only, not ${locale}; use full, street, city or postcode`);
    return undefined;
  }
  const key = `$address:${place}`;
  return {
    shape: { type: "string" },
    generate(s: ChunkScope) {
      const p = s.shared(key, (rng) => drawPlaces(locale, s.length, rng));
      const e = encoded(p.data);
      const text = new TextBuilder(s.length, part === "full" ? 40 : 16);
      for (let i = 0; i < s.length; i++) {
        writePart(text, p, e, part, i);
        text.end();
      }
      return { values: text.finish() };
    },
  };
};
