// Payment details that pass their checks: card numbers in the ranges issuers and payment
// processors publish for testing (so none is a real card) with a Luhn check digit, and IBANs with
// ISO 13616 check digits and, where the country has one, the national check digits.
import type { LocaleCode } from "../../../locales/index.js";
import type { Random } from "../../../../random/index.js";
import type { KindBuilder } from "../env.js";
import { COMMON } from "../ids.js";

// Test card prefixes published by the card schemes' processors (e.g. 4111 1111 1111 1111,
// 5555 5555 5555 4444, 3782 822463 10005, 6011 1111 1111 1117), and the numbers' lengths.
export const CARD_ISSUERS = {
  visa: { prefixes: ["411111", "401288", "424242", "400005"], length: 16, weight: 50 },
  mastercard: { prefixes: ["555555", "510510", "222300", "520082"], length: 16, weight: 30 },
  amex: { prefixes: ["378282", "371449", "378734"], length: 15, weight: 12 },
  discover: { prefixes: ["601111", "601100"], length: 16, weight: 8 },
} as const;
type Issuer = keyof typeof CARD_ISSUERS;
const ISSUERS = Object.keys(CARD_ISSUERS) as Issuer[];
const TOTAL_WEIGHT = ISSUERS.reduce((s, k) => s + CARD_ISSUERS[k].weight, 0);

/** The Luhn check digit of a number's other digits. */
export function luhnDigit(body: string): number {
  let sum = 0;
  for (let k = 0; k < body.length; k++) {
    let d = body.charCodeAt(body.length - 1 - k) - 48;
    if (k % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

const digits = (rng: Random, count: number): string => {
  let s = "";
  for (let k = 0; k < count; k++) s += String(Math.floor(rng.next() * 10));
  return s;
};

function cardNumber(issuer: Issuer | "any", spaced: boolean, rng: Random): string {
  let which: Issuer = issuer === "any" ? "visa" : issuer;
  if (issuer === "any") {
    let u = rng.next() * TOTAL_WEIGHT;
    for (const k of ISSUERS) if ((u -= CARD_ISSUERS[k].weight) < 0 || k === "discover") {
      which = k;
      break;
    }
  }
  const spec = CARD_ISSUERS[which];
  const prefix = spec.prefixes[Math.floor(rng.next() * spec.prefixes.length)]!;
  const body = prefix + digits(rng, spec.length - prefix.length - 1);
  const n = body + String(luhnDigit(body));
  if (!spaced) return n;
  return spec.length === 15 ? `${n.slice(0, 4)} ${n.slice(4, 10)} ${n.slice(10)}` : n.replace(/(\d{4})(?=\d)/g, "$1 ");
}

export const creditCard: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "issuer", "format", ...COMMON], "a credit_card column");
  const before = c.count;
  const issuer = (c.string(o, "issuer", path, { oneOf: ["any", ...ISSUERS] }) ?? "any") as Issuer | "any";
  const spaced = (c.string(o, "format", path, { oneOf: ["digits", "spaced"] }) ?? "digits") === "spaced";
  if (c.count > before) return undefined;
  return {
    shape: { type: "string" },
    generate(s) {
      const out = new Array<string>(s.length);
      for (let i = 0; i < s.length; i++) out[i] = cardNumber(issuer, spaced, s.rng);
      return { values: out };
    },
  };
};

/** The remainder mod 97 of a number written in digits and letters (A = 10 … Z = 35). */
export function mod97(text: string): number {
  let r = 0;
  for (const ch of text) {
    const v = ch >= "A" ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    r = v > 9 ? (r * 100 + v) % 97 : (r * 10 + v) % 97;
  }
  return r;
}

const GB_BANKS = ["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA", "RBOS", "BUKB"];

/** Spain's two national check digits (weights 1, 2, 4, 8, 5, 10, 9, 7, 3, 6 mod 11). */
function spanishCheck(ten: string): string {
  const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
  let sum = 0;
  for (let k = 0; k < 10; k++) sum += (ten.charCodeAt(k) - 48) * w[k]!;
  const d = 11 - (sum % 11);
  return String(d === 11 ? 0 : d === 10 ? 1 : d);
}

/** The basic bank account number (BBAN) of a country, national check digits included. */
const BBAN: Record<string, (rng: Random) => string> = {
  DE: (rng) => digits(rng, 18),
  AT: (rng) => digits(rng, 16),
  CH: (rng) => digits(rng, 17),
  GB: (rng) => GB_BANKS[Math.floor(rng.next() * GB_BANKS.length)]! + digits(rng, 14),
  FR: (rng) => {
    // Bank, branch and account, then the RIB key: 97 − (89·bank + 15·branch + 3·account) mod 97.
    const [bank, branch, account] = [digits(rng, 5), digits(rng, 5), digits(rng, 11)];
    const key = 97 - ((89 * Number(bank) + 15 * Number(branch) + 3 * mod97(account)) % 97);
    return bank + branch + account + String(key).padStart(2, "0");
  },
  ES: (rng) => {
    const [bankBranch, account] = [digits(rng, 8), digits(rng, 10)];
    return bankBranch + spanishCheck(`00${bankBranch}`) + spanishCheck(account) + account;
  },
  BE: (rng) => {
    const ten = digits(rng, 10);
    const check = Number(ten) % 97;
    return ten + String(check === 0 ? 97 : check).padStart(2, "0");
  },
};
export const IBAN_COUNTRIES = Object.keys(BBAN);
const LOCALE_COUNTRY: Record<LocaleCode, string> = { "en-US": "GB", "de-DE": "DE", "fr-FR": "FR" };

/** An IBAN: country, check digits 98 − (BBAN + country + 00) mod 97, BBAN. */
export function iban(country: string, rng: Random): string {
  const bban = BBAN[country]!(rng);
  const check = 98 - mod97(`${bban}${country}00`);
  return `${country}${String(check).padStart(2, "0")}${bban}`;
}

export const ibanKind: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "country", "format", "locale", ...COMMON], "an iban column");
  const before = c.count;
  const locale = env.locale(o, path);
  const country = c.string(o, "country", path, { oneOf: IBAN_COUNTRIES });
  const print = (c.string(o, "format", path, { oneOf: ["electronic", "print"] }) ?? "electronic") === "print";
  if (c.count > before || locale === undefined) return undefined;
  const cc = country ?? LOCALE_COUNTRY[locale];
  return {
    shape: { type: "string" },
    generate(s) {
      const out = new Array<string>(s.length);
      for (let i = 0; i < s.length; i++) {
        const x = iban(cc, s.rng);
        out[i] = print ? x.replace(/(.{4})(?=.)/g, "$1 ") : x;
      }
      return { values: out };
    },
  };
};
