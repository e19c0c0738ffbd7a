// Phone numbers that follow each country's numbering plan: the North American Numbering Plan
// (NPA-NXX-XXXX: area code and exchange start with 2–9, never N11, area codes' middle digit 0–8),
// Germany's (real area codes and mobile prefixes, 10- or 11-digit national numbers, subscriber
// numbers never starting with 0) and France's (nine digits after the 0: 1–5 geographic, 6 and 73–79
// mobile). Digits are written straight into the column's text buffer.
import type { LocaleCode } from "../../../locales/index.js";
import type { Random } from "../../../../random/index.js";
import type { TextBuilder } from "./text-builder.js";

export type PhoneFormat = "national" | "international" | "e164";

const ZERO = 48;
const SPACE = 32;
const digitFrom = (rng: Random, from = 0): number => from + Math.floor(rng.next() * (10 - from));

// Area codes of large German cities (without the trunk prefix 0) and mobile network prefixes.
const DE_AREAS = ["30", "40", "69", "89", "201", "202", "203", "211", "221", "228", "231", "234", "341", "351", "421", "511", "521", "611", "621", "711", "721", "761", "911", "2131", "2151", "3641", "6221", "7071"];
const DE_MOBILE_LONG = ["151", "152", "157", "159", "176"]; // followed by 8 digits
const DE_MOBILE = ["160", "162", "163", "170", "171", "172", "173", "174", "175", "177", "178", "179"]; // 7 digits

const pick = (rng: Random, list: readonly string[]): string => list[Math.floor(rng.next() * list.length)]!;

/** The digits of a national significant number: its area (or prefix) length and all digits. */
interface Drawn {
  areaLength: number;
  digits: Uint8Array;
  count: number;
}

/** N then two digits, not N11 (N11 codes are service numbers: 411, 911), into d at `at`. */
function nanpCode(rng: Random, middleMax: number, d: Uint8Array, at: number): void {
  for (;;) {
    d[at] = digitFrom(rng, 2);
    d[at + 1] = Math.floor(rng.next() * (middleMax + 1));
    d[at + 2] = digitFrom(rng);
    if (!(d[at + 1] === 1 && d[at + 2] === 1)) return;
  }
}

function fill(d: Uint8Array, from: number, to: number, rng: Random): void {
  for (let k = from; k < to; k++) d[k] = digitFrom(rng);
}

function copyCode(code: string, d: Uint8Array): number {
  for (let k = 0; k < code.length; k++) d[k] = code.charCodeAt(k) - ZERO;
  return code.length;
}

function draw(locale: LocaleCode, rng: Random, out: Drawn): void {
  const d = out.digits;
  if (locale === "en-US") {
    nanpCode(rng, 8, d, 0);
    nanpCode(rng, 9, d, 3);
    fill(d, 6, 10, rng);
    out.areaLength = 3;
    out.count = 10;
    return;
  }
  if (locale === "de-DE") {
    const u = rng.next();
    if (u < 0.6) {
      const area = copyCode(pick(rng, DE_AREAS), d);
      d[area] = digitFrom(rng, 1);
      fill(d, area + 1, 10, rng);
      out.areaLength = area;
      out.count = 10;
      return;
    }
    const long = u < 0.8;
    const area = copyCode(pick(rng, long ? DE_MOBILE_LONG : DE_MOBILE), d);
    d[area] = digitFrom(rng, 1);
    out.count = long ? 11 : 10;
    fill(d, area + 1, out.count, rng);
    out.areaLength = area;
    return;
  }
  const u = rng.next();
  d[0] = u < 0.6 ? 1 + Math.floor(rng.next() * 5) : u < 0.85 ? 6 : 7;
  d[1] = d[0] === 7 ? 3 + Math.floor(rng.next() * 7) : digitFrom(rng);
  fill(d, 2, 9, rng);
  out.areaLength = 1;
  out.count = 9;
}

const COUNTRY_CODE: Record<LocaleCode, string> = { "en-US": "+1", "de-DE": "+49", "fr-FR": "+33" };
const scratch: Drawn = { areaLength: 0, digits: new Uint8Array(16), count: 0 };

/** Writes a phone number of the locale's country in the given format (one row of a text column). */
export function writePhoneNumber(text: TextBuilder, locale: LocaleCode, format: PhoneFormat, rng: Random): void {
  draw(locale, rng, scratch);
  const { digits: d, areaLength: a, count } = scratch;
  const put = (from: number, to: number): void => {
    for (let k = from; k < to; k++) text.char(ZERO + d[k]!);
  };
  if (format === "e164") {
    text.ascii(COUNTRY_CODE[locale]);
    put(0, count);
    return;
  }
  if (locale === "en-US") {
    // (212) 555-0147 or +1 212-555-0147
    text.ascii(format === "national" ? "(" : "+1 ");
    put(0, 3);
    if (format === "national") text.char(41).char(SPACE);
    else text.char(45);
    put(3, 6);
    text.char(45);
    put(6, 10);
    return;
  }
  text.ascii(format === "national" ? "0" : `${COUNTRY_CODE[locale]} `);
  put(0, a);
  text.char(SPACE);
  if (locale === "de-DE") put(a, count); // 030 12345678
  else
    for (let k = a; k < count; k += 2) {
      put(k, k + 2); // 01 23 45 67 89
      if (k + 2 < count) text.char(SPACE);
    }
}
