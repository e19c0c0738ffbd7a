// The locales of the people, company, address and text column kinds: real name and place lists,
// committed as data files with their source and licence (see scripts/extract-*.mjs), loaded on
// first use and shared by every table (and by the demographics and addresses datasets' schemas).
import { readRecords, readWordList, type WordList } from "./word-list.js";

export const LOCALE_CODES = ["en-US", "de-DE", "fr-FR"] as const;
export type LocaleCode = (typeof LOCALE_CODES)[number];
export const DEFAULT_LOCALE: LocaleCode = "en-US";

/** A US ZIP code with its city and state. */
export interface ZipRecord {
  readonly zip: string;
  readonly city: string;
  readonly state: string;
}

export interface LocaleData {
  readonly code: LocaleCode;
  readonly femaleNames: WordList;
  readonly maleNames: WordList;
  readonly lastNames: WordList;
  readonly companySuffixes: WordList;
  /** The word joining the last two names of a partnership (and, und, et). */
  readonly and: string;
  readonly emailDomains: WordList;
  /** The country's top-level domain for made-up web sites. */
  readonly tld: string;
  readonly streetNames: WordList;
  /** en-US: street types written after the name; fr-FR: kinds of street written before it. */
  readonly streetTypes: WordList | undefined;
  /** de-DE and fr-FR: cities (postcodes are drawn in the country's format, not matched to them). */
  readonly cities: WordList | undefined;
  /** en-US: real ZIP codes with their city and state, weighted by city population. */
  readonly zips: { readonly records: readonly ZipRecord[]; readonly weights: readonly number[] } | undefined;
}

const cache = new Map<LocaleCode, LocaleData>();
const file = (code: string, name: string): URL => new URL(`./${code}/${name}`, import.meta.url);

function load(code: LocaleCode): LocaleData {
  const list = (name: string): WordList => readWordList(file(code, name));
  const common = {
    code,
    femaleNames: list("first-names-female.csv"),
    maleNames: list("first-names-male.csv"),
    lastNames: list("last-names.csv"),
    companySuffixes: list("company-suffixes.csv"),
    emailDomains: list("email-domains.csv"),
    streetNames: list("street-names.csv"),
  };
  if (code === "en-US") {
    const records = readRecords(file(code, "zips.csv"));
    return {
      ...common,
      and: "and",
      tld: "com",
      streetTypes: list("street-types.csv"),
      cities: undefined,
      zips: { records: records.map((r) => ({ zip: r.zip!, city: r.city!, state: r.state! })), weights: records.map((r) => Number(r.weight)) },
    };
  }
  return {
    ...common,
    and: code === "de-DE" ? "und" : "et",
    tld: code === "de-DE" ? "de" : "fr",
    streetTypes: code === "fr-FR" ? list("street-prefixes.csv") : undefined,
    cities: list("cities.csv"),
    zips: undefined,
  };
}

/** The data of a locale, loaded once. */
export function localeData(code: LocaleCode): LocaleData {
  let data = cache.get(code);
  if (data === undefined) cache.set(code, (data = load(code)));
  return data;
}

let lorem: readonly string[] | undefined;
/** Lorem ipsum words (the same for every locale). */
export function loremWords(): readonly string[] {
  return (lorem ??= readWordList(new URL("./lorem-words.csv", import.meta.url)).words);
}
