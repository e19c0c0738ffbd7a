import { isIPv4, isIPv6 } from "node:net";
import { isValidBBAN, isValidIBAN } from "ibantools";
import { describe, expect, it } from "vitest";
import { isMimicError } from "../../../../errors/index.js";
import { localeData, LOCALE_CODES } from "../../../locales/index.js";
import { compileSchema, validateSchema } from "../../compile.js";
import { column, columnAll, generateRows } from "../../test-support/read.js";
import { CARD_ISSUERS } from "./payment.js";
import { ipv6Text } from "./network.js";

const table = (columns: Record<string, unknown>, extra: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => ({ ...top, tables: { t: { columns, ...extra } } });
const rows = (schema: unknown, n: number, seed = 11): Record<string, (string | number | null)[]> => {
  const gen = compileSchema(schema, { seed });
  const batches = generateRows(gen, n);
  return Object.fromEntries(gen.shape.columns.map((c) => [c.name, columnAll(gen, batches, c.name)]));
};
const texts = (xs: unknown[]): string[] => xs as string[];

/** Luhn, written apart from the generator's: double every second digit from the right. */
const luhnValid = (n: string): boolean =>
  [...n].reverse().reduce((sum, ch, k) => {
    const d = Number(ch) * (k % 2 === 1 ? 2 : 1);
    return sum + (d > 9 ? d - 9 : d);
  }, 0) % 10 === 0;

describe("person, email and username", () => {
  it.each(LOCALE_CODES)("agree within a row, with first names matching the gender column (%s)", (locale) => {
    const data = localeData(locale);
    const female = new Set(data.femaleNames.words);
    const male = new Set(data.maleNames.words);
    const r = rows(
      table(
        {
          gender: { kind: "categorical", values: { Female: 45, Male: 45, Other: 10 } },
          full: { kind: "person", gender: "gender" },
          first: { kind: "person", part: "first", gender: "gender" },
          last: { kind: "person", part: "last", gender: "gender" },
          email: { kind: "email" },
          login: { kind: "username" },
        },
        { locale },
      ),
      5000,
    );
    const slug = (s: string) => s.toLowerCase().replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss").normalize("NFD").replace(/[^a-z-]/g, "").replace(/^-+|-+$/g, "");
    let either = 0;
    for (let i = 0; i < 5000; i++) {
      const [g, first, last] = [r.gender![i], r.first![i] as string, r.last![i] as string];
      expect(r.full![i]).toBe(`${first} ${last}`);
      if (g === "Female") expect(female.has(first), first).toBe(true);
      else if (g === "Male") expect(male.has(first), first).toBe(true);
      else either += male.has(first) ? 1 : 0;
      const local = (r.email![i] as string).split("@")[0]!;
      expect(local.includes(slug(last)), `${local} / ${last}`).toBe(true);
      expect(r.email![i]).toMatch(/^[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]{2,}$/);
      expect(r.login![i]).toMatch(/^[a-z0-9._-]+$/);
      expect(r.login![i]).toContain(slug(last).length > 0 ? slug(last)[0] : "");
    }
    // Rows whose gender says neither draw from both lists (about half male; 500 rows, ±5 SD).
    expect(either).toBeGreaterThan(190);
    expect(either).toBeLessThan(330);
  });

  it("gives unique e-mail addresses by construction, across chunks", () => {
    const schema = table({ email: { kind: "email", unique: true, digits: 5 } }, { chunkSize: 7000 });
    const all = texts(rows(schema, 99_000).email!);
    expect(new Set(all).size).toBe(99_000);
    const gen = compileSchema(schema, { seed: 11 });
    try {
      generateRows(gen, 100_001);
      expect.unreachable();
    } catch (e) {
      expect(isMimicError(e) && e.code).toBe("SCHEMA_UNIQUE_EXHAUSTED");
    }
  });

  it("uses the domains given, by weight", () => {
    const all = texts(rows(table({ e: { kind: "email", domains: { "example.com": 3, "example.org": 1 } } }), 8000).e!);
    const org = all.filter((e) => e.endsWith("@example.org")).length;
    expect(all.every((e) => /@example\.(com|org)$/.test(e))).toBe(true);
    expect(org).toBeGreaterThan(2000 - 5 * 39); // binomial(8000, 0.25): sd ≈ 39
    expect(org).toBeLessThan(2000 + 5 * 39);
  });
});

describe("phone numbers follow each country's numbering plan", () => {
  const plan = (locale: string, format: string) => texts(rows(table({ p: { kind: "phone", format } }, { locale }), 3000).p!);

  it("en-US: NANP, area code and exchange 2–9 first and never N11", () => {
    for (const p of plan("en-US", "national")) {
      const m = /^\(([2-9][0-8]\d)\) ([2-9]\d\d)-(\d{4})$/.exec(p);
      expect(m, p).not.toBeNull();
      expect(m![1]!.slice(1)).not.toBe("11");
      expect(m![2]!.slice(1)).not.toBe("11");
    }
    for (const p of plan("en-US", "e164")) expect(p).toMatch(/^\+1[2-9][0-8]\d[2-9]\d{6}$/);
  });

  it("de-DE: an area code or mobile prefix, 10 or 11 digits, subscriber not starting with 0", () => {
    for (const p of plan("de-DE", "national")) {
      const m = /^0(\d{2,4}) ([1-9]\d+)$/.exec(p);
      expect(m, p).not.toBeNull();
      const nsn = m![1]! + m![2]!;
      expect([10, 11]).toContain(nsn.length);
      if (m![1]!.startsWith("1")) expect(m![1]).toMatch(/^1(5[1279]|6[023]|7\d)$/);
    }
    for (const p of plan("de-DE", "international")) expect(p).toMatch(/^\+49 [1-9]\d{1,3} [1-9]\d+$/);
  });

  it("fr-FR: nine digits after the 0, 1–5 geographic, 6 or 73–79 mobile, in pairs", () => {
    for (const p of plan("fr-FR", "national")) expect(p).toMatch(/^0([1-6] \d\d|7 [3-9]\d)( \d\d){3}$/);
    for (const p of plan("fr-FR", "e164")) expect(p).toMatch(/^\+33([1-6]\d|7[3-9])\d{7}$/);
  });
});

describe("payment details", () => {
  it("card numbers pass the Luhn check and start with an issuer's test prefix", () => {
    const r = rows(table({ any: { kind: "credit_card" }, amex: { kind: "credit_card", issuer: "amex", format: "spaced" } }), 5000);
    const prefixes: string[] = Object.values(CARD_ISSUERS).flatMap((x) => [...x.prefixes]);
    const seen = new Set<string>();
    for (const n of texts(r.any!)) {
      expect(luhnValid(n), n).toBe(true);
      expect([15, 16]).toContain(n.length);
      const prefix = prefixes.find((p) => n.startsWith(p));
      expect(prefix, n).toBeDefined();
      seen.add(prefix!.slice(0, 1));
    }
    expect([...seen].sort()).toEqual(["2", "3", "4", "5", "6"]);
    for (const n of texts(r.amex!)) {
      expect(n).toMatch(/^3[47]\d\d \d{6} \d{5}$/);
      expect(luhnValid(n.replaceAll(" ", ""))).toBe(true);
    }
  });

  it.each(["DE", "FR", "GB", "ES", "AT", "BE", "CH"])("IBANs of %s are valid for an independent validator (ibantools)", (country) => {
    for (const x of texts(rows(table({ i: { kind: "iban", country } }), 2000).i!)) {
      expect(isValidIBAN(x), x).toBe(true);
      expect(isValidBBAN(x.slice(4), country), x).toBe(true);
    }
  });

  it("IBANs follow the locale's country unless one is given, and print in groups of four", () => {
    const r = rows(table({ de: { kind: "iban", locale: "de-DE" }, us: { kind: "iban" }, p: { kind: "iban", locale: "fr-FR", format: "print" } }), 50);
    expect(texts(r.de!).every((x) => x.startsWith("DE"))).toBe(true);
    expect(texts(r.us!).every((x) => x.startsWith("GB"))).toBe(true);
    for (const x of texts(r.p!)) expect(x).toMatch(/^FR\d\d( [0-9A-Z]{4}){5} [0-9A-Z]{3}$/);
  });
});

describe("network identifiers and text", () => {
  it("IP addresses are valid, public unless private ones are asked for", () => {
    const r = rows(table({ v4: { kind: "ip" }, p4: { kind: "ip", private: true }, v6: { kind: "ip", version: 6 }, p6: { kind: "ip", version: 6, private: true } }), 5000);
    const octets = (ip: string) => ip.split(".").map(Number) as [number, number, number, number];
    for (const ip of texts(r.v4!)) {
      expect(isIPv4(ip), ip).toBe(true);
      const [a, b] = octets(ip);
      expect(a === 10 || a === 127 || a === 0 || a >= 224 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b < 32), ip).toBe(false);
    }
    for (const ip of texts(r.p4!)) {
      const [a, b] = octets(ip);
      expect(a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b < 32), ip).toBe(true);
    }
    for (const ip of texts(r.v6!)) expect(isIPv6(ip) && /^[23]/.test(ip), ip).toBe(true);
    for (const ip of texts(r.p6!)) expect(isIPv6(ip) && ip.startsWith("fd"), ip).toBe(true);
    expect(ipv6Text([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])).toBe("2001:db8::1:0:0:1");
    expect(ipv6Text([0xfd00, 0, 0, 0, 0, 0, 0, 0])).toBe("fd00::");
    expect(ipv6Text([0x2001, 0, 1, 2, 3, 4, 5, 6])).toBe("2001:0:1:2:3:4:5:6");
  });

  it("UUIDs are version 4 and do not repeat; URLs parse and are named after the column given", () => {
    const r = rows(table({ id: { kind: "uuid" }, company: { kind: "company", locale: "de-DE" }, site: { kind: "url", name: "company", locale: "de-DE", path: true }, any: { kind: "url" } }), 20_000);
    const ids = texts(r.id!);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 2000)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (let i = 0; i < 500; i++) {
      const u = new URL(r.site![i] as string);
      expect(u.protocol).toBe("https:");
      expect(u.hostname).toMatch(/^www\.[a-z0-9-]+\.de$/);
      // The host starts with the company's first letter (Börgeling KG → www.boergeling-kg.de).
      const initial = (r.company![i] as string).normalize("NFD").charAt(0).toLowerCase();
      expect(u.hostname.charAt(4), `${u.hostname} / ${r.company![i]}`).toBe(initial);
      expect(new URL(r.any![i] as string).hostname).toMatch(/^www\.[a-z]+-[a-z]+\.com$/);
    }
  });

  it("lorem text has the sentences and words asked for", () => {
    const r = rows(table({ t: { kind: "lorem", words: [3, 5], sentences: 2 } }), 500);
    for (const text of texts(r.t!)) {
      const sentences = text.split(". ");
      expect(sentences).toHaveLength(2);
      for (const s of sentences) expect(s.replace(/\.$/, "").split(" ").length).toBeGreaterThanOrEqual(3);
      expect(text).toMatch(/^[A-Z][a-z]*( [a-z]+)*\. [A-Z][a-z]*( [a-z]+)*\.$/);
    }
  });
});

describe("addresses", () => {
  it("agree within a row: the city, state and ZIP are those of one real ZIP code", () => {
    const zips = new Map(localeData("en-US").zips!.records.map((z) => [z.zip, z]));
    const r = rows(table({ full: { kind: "address" }, street: { kind: "address", part: "street" }, city: { kind: "address", part: "city" }, state: { kind: "address", part: "state" }, zip: { kind: "address", part: "postcode" } }), 3000);
    for (let i = 0; i < 3000; i++) {
      const z = zips.get(r.zip![i] as string)!;
      expect(z, String(r.zip![i])).toBeDefined();
      expect([r.city![i], r.state![i]]).toEqual([z.city, z.state]);
      expect(r.full![i]).toBe(`${r.street![i]}, ${z.city}, ${z.state} ${z.zip}`);
      expect(r.street![i]).toMatch(/^[1-9]\d{0,3} \S.* \S+$/);
    }
  });

  it.each([["de-DE", /^\S.* [1-9]\d*, \d{5} \S.*$/], ["fr-FR", /^[1-9]\d* \S.* \S.*, \d{5} \S.*$/]] as const)("%s addresses have the country's layout", (locale, re) => {
    const r = rows(table({ a: { kind: "address", locale }, city: { kind: "address", part: "city", locale } }), 500);
    for (let i = 0; i < 500; i++) {
      expect(r.a![i]).toMatch(re);
      expect((r.a![i] as string).endsWith(` ${r.city![i]}`)).toBe(true);
    }
  });
});

describe("determinism", () => {
  const base = {
    gender: { kind: "categorical", values: ["Female", "Male"] },
    name: { kind: "person", gender: "gender" },
    phone: { kind: "phone" },
    city: { kind: "address", part: "city" },
  };
  it("adding a column never changes another, and a chunk is the same whoever generates it", () => {
    const before = rows(table(base, { chunkSize: 1000 }), 3000, 5);
    const after = rows(table({ email: { kind: "email" }, ...base, first: { kind: "person", part: "first", gender: "gender" }, street: { kind: "address", part: "street" }, iban: { kind: "iban" } }, { chunkSize: 1000 }), 3000, 5);
    for (const name of Object.keys(base)) expect(after[name], name).toEqual(before[name]);
    const gen = compileSchema(table(base, { chunkSize: 1000 }), { seed: 5 });
    const alone = gen.generateChunk(2, 1000);
    expect(column(gen, alone, "name")).toEqual(before.name!.slice(2000));
  });
});

describe("bad input is listed at once, with paths and hints", () => {
  it("reports unknown locales, unknown options, an e-mail space too small and bad function calls together", () => {
    const issues = validateSchema({
      locale: "de-AT",
      tables: {
        t: {
          rows: 2_000_000,
          locale: "fr_FR",
          columns: {
            a: { kind: "person", locale: "en-GB", gendre: "g" },
            e: { kind: "email", unique: true },
            p: { kind: "phone", format: "local" },
            c: { kind: "credit_card", issuer: "visa-electron" },
            x: { kind: "expression", expr: "cos(1, 2) + pow('a', 2)" },
            y: { kind: "expression", expr: "haversine(1, 2, 3)" },
          },
        },
      },
    });
    const at = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(at.locale?.message).toMatch(/locale must be one of en-US, de-DE, fr-FR, got "de-AT"; did you mean "de-DE"/);
    expect(at["tables.t.locale"]?.message).toMatch(/did you mean "fr-FR"/);
    expect(at["tables.t.columns.a.locale"]?.code).toBe("unknown_locale");
    expect(at["tables.t.columns.a.gendre"]?.message).toMatch(/did you mean "gender"/);
    expect(at["tables.t.columns.e.unique"]?.message).toMatch(/2000000 rows need 2000000 unique addresses but digits: 6 gives 1000000; set digits: 7/);
    expect(at["tables.t.columns.p.format"]?.message).toMatch(/national, international, e164/);
    expect(at["tables.t.columns.c.issuer"]?.message).toMatch(/visa, mastercard, amex, discover/);
    expect(at["tables.t.columns.x.expr"]?.message).toMatch(/cos\(\) takes 1 argument, got 2/);
    expect(at["tables.t.columns.y.expr"]?.message).toMatch(/haversine\(\) takes 4 arguments, got 3/);
    expect(issues).toHaveLength(9);
  });

  it("reports persons whose columns disagree, and a missing gender column", () => {
    const issues = validateSchema(table({ g: { kind: "constant", value: "F" }, a: { kind: "person", gender: "g" }, b: { kind: "person", part: "last" }, c: { kind: "person", gender: "sex", person: "agent" } }));
    expect(issues.map((i) => `${i.path} ${i.code}`)).toEqual(["tables.t.columns.b conflict", "tables.t.columns.c.gender unknown_column"]);
  });
});
