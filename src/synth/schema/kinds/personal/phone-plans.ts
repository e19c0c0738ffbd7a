// Phone numbers that follow each country's numbering plan: the North American Numbering Plan
// (NPA-NXX-XXXX: area code and exchange start with 2–9, never N11, area codes' middle digit 0–8),
// Germany's (real area codes and mobile prefixes, 10- or 11-digit national numbers, subscriber
// numbers never starting with 0) and France's (nine digits after the 0: 1–5 geographic, 6 and 73–79
// mobile).
import type { LocaleCode } from "../../../locales/index.js";
import type { Random } from "../../../random/index.js";
import type { TextBuilder } from "./text-builder.js";

export type PhoneFormat = "national" | "international" | "e164";

/** A national significant number split into its parts (area or prefix, then the rest). */
interface Number {
  readonly area: string;
  readonly rest: string;
}

const digit = (rng: Random, from = 0): string => String(from + Math.floor(rng.next() * (10 - from)));
const digits = (rng: Random, count: number): string => {
  let s = "";
  for (let k = 0; k < count; k++) s += digit(rng);
  return s;
};

/** N then two digits, not N11 (N11 codes are service numbers: 411, 911). */
function nanpCode(rng: Random, middleMax: number): string {
  for (;;) {
    const code = digit(rng, 2) + String(Math.floor(rng.next() * (middleMax + 1))) + digit(rng);
    if (code.slice(1) !== "11") return code;
  }
}

// Area codes of large German cities (without the trunk prefix 0) and mobile network prefixes.
const DE_AREAS = ["30", "40", "69", "89", "201", "202", "203", "211", "221", "228", "231", "234", "341", "351", "421", "511", "521", "611", "621", "711", "721", "761", "911", "2131", "2151", "3641", "6221", "7071"];
const DE_MOBILE_LONG = ["151", "152", "157", "159", "176"]; // followed by 8 digits
const DE_MOBILE = ["160", "162", "163", "170", "171", "172", "173", "174", "175", "177", "178", "179"]; // 7 digits

const pick = (rng: Random, list: readonly string[]): string => list[Math.floor(rng.next() * list.length)]!;

function draw(locale: LocaleCode, rng: Random): Number {
  if (locale === "en-US") return { area: nanpCode(rng, 8), rest: nanpCode(rng, 9) + digits(rng, 4) };
  if (locale === "de-DE") {
    const u = rng.next();
    if (u < 0.6) {
      const area = pick(rng, DE_AREAS);
      return { area, rest: digit(rng, 1) + digits(rng, 9 - area.length) };
    }
    const long = u < 0.8;
    return { area: pick(rng, long ? DE_MOBILE_LONG : DE_MOBILE), rest: digit(rng, 1) + digits(rng, long ? 7 : 6) };
  }
  const u = rng.next();
  const area = u < 0.6 ? String(1 + Math.floor(rng.next() * 5)) : u < 0.85 ? "6" : "7";
  return { area, rest: (area === "7" ? String(3 + Math.floor(rng.next() * 7)) : digit(rng)) + digits(rng, 7) };
}

const COUNTRY_CODE: Record<LocaleCode, string> = { "en-US": "1", "de-DE": "49", "fr-FR": "33" };
const pairs = (s: string): string => s.replace(/(\d{2})(?=\d)/g, "$1 ");

/** Writes a phone number of the locale's country in the given format (one row of a text column). */
export function writePhoneNumber(text: TextBuilder, locale: LocaleCode, format: PhoneFormat, rng: Random): void {
  text.ascii(phoneNumber(locale, format, rng));
}

/** A phone number of the locale's country in the given format. */
export function phoneNumber(locale: LocaleCode, format: PhoneFormat, rng: Random): string {
  const { area, rest } = draw(locale, rng);
  const cc = COUNTRY_CODE[locale];
  if (format === "e164") return `+${cc}${area}${rest}`;
  if (locale === "en-US") {
    const line = `${rest.slice(0, 3)}-${rest.slice(3)}`;
    return format === "national" ? `(${area}) ${line}` : `+1 ${area}-${line}`;
  }
  if (locale === "de-DE") return format === "national" ? `0${area} ${rest}` : `+49 ${area} ${rest}`;
  return format === "national" ? `0${area} ${pairs(rest)}` : `+33 ${area} ${pairs(rest)}`;
}
