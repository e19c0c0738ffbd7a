// E-mail addresses and usernames, made from the names of the row's person (see identity.ts).
import { MimicError } from "../../../../errors/index.js";
import { localeData, type WordList } from "../../../locales/index.js";
import { isObj, type Checker, type Obj } from "../../internal/checker.js";
import { FeistelPermutation } from "../../runtime/feistel.js";
import type { KindBuilder } from "../env.js";
import { COMMON } from "../ids.js";
import { personConfig, personKey, personsOf, type Persons } from "./identity.js";
import { encodedWords, TextBuilder, type EncodedWord } from "./text-builder.js";
import { drawIndices, slugsOf } from "./words.js";

const DOMAIN_RE = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const MAX_DIGITS = 15;

/** Reads `domains`: a list or a map domain → weight. */
function readDomains(o: Obj, path: string, c: Checker): WordList | undefined {
  const v = o.domains;
  const at = `${path}.domains`;
  let words: string[];
  let weights: number[] | undefined;
  if (Array.isArray(v)) words = v as string[];
  else if (isObj(v)) {
    words = Object.keys(v);
    weights = Object.values(v) as number[];
    if (!weights.every((w) => typeof w === "number" && Number.isFinite(w) && w >= 0) || !weights.some((w) => w > 0)) {
      c.add(at, "invalid_value", "the weights of domains must be numbers ≥ 0, at least one > 0");
      return undefined;
    }
  } else {
    c.add(at, "invalid_type", "domains must be a list (example.com, example.org) or a mapping domain → weight");
    return undefined;
  }
  const bad = words.filter((w) => typeof w !== "string" || !DOMAIN_RE.test(w));
  if (words.length === 0 || bad.length > 0) {
    c.add(at, "invalid_value", `domains must be lower-case domain names such as example.com${bad.length > 0 ? `; not ${bad.slice(0, 3).map((b) => JSON.stringify(b)).join(", ")}` : ""}`);
    return undefined;
  }
  return { words, weights };
}

/** Lower-case ASCII first and last names of a chunk's persons, encoded. */
function nameSlugs(p: Persons): { first: (i: number) => EncodedWord; last: (i: number) => EncodedWord } {
  const female = encodedWords(slugsOf(p.data.femaleNames.words));
  const male = encodedWords(slugsOf(p.data.maleNames.words));
  const last = encodedWords(slugsOf(p.data.lastNames.words));
  return { first: (i) => (p.sex[i] === 0 ? female : male)[p.first[i]!]!, last: (i) => last[p.last[i]!]! };
}

const [DOT, AT, UNDERSCORE] = [46, 64, 95];

/** An e-mail address from the row's person and a domain; unique by construction when asked. */
export const email: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "person", "domains", "unique", "digits", "locale", ...COMMON], "an email column");
  const before = c.count;
  const locale = env.locale(o, path);
  const who = personKey(o, path, env);
  const unique = c.boolean(o, "unique", path) ?? false;
  const digits = c.number(o, "digits", path, { integer: true, min: 1, max: MAX_DIGITS }) ?? 6;
  if (o.digits !== undefined && !unique) c.add(`${path}.digits`, "conflict", "digits sizes the number that makes unique addresses unique; add unique: true or drop digits");
  const domains = o.domains === undefined ? undefined : readDomains(o, path, c);
  const space = 10 ** digits;
  if (unique && env.rows !== undefined && env.rows > space) {
    c.add(`${path}.unique`, "value_space", `${env.rows} rows need ${env.rows} unique addresses but digits: ${digits} gives ${space}; set digits: ${Math.min(MAX_DIGITS, String(env.rows - 1).length)} or more`);
  }
  if (c.count > before || who === undefined || locale === undefined) return undefined;
  const config = personConfig(who, env, path);
  if (config === undefined) return undefined;
  const domainList = domains ?? localeData(locale).emailDomains;
  const column = env.name;
  let perm: FeistelPermutation | undefined;
  return {
    shape: { type: "string" },
    generate(s) {
      const p = personsOf(config, s);
      const { first, last } = nameSlugs(p);
      const n = s.length;
      const domain = drawIndices(domainList, s.rng.fork("domain"), n);
      const words = encodedWords(domainList.words);
      const text = new TextBuilder(n, 32);
      if (unique) {
        if (perm === undefined) {
          const keyRng = s.columnRng.fork("$email-key");
          perm = new FeistelPermutation(space, Uint32Array.from({ length: FeistelPermutation.rounds }, () => keyRng.uint32()));
        }
        for (let i = 0; i < n; i++) {
          const g = s.globalIndex(i);
          if (g >= space) throw new MimicError("SCHEMA_UNIQUE_EXHAUSTED", `email column "${column}" holds ${space} unique addresses but row ${g + 1} needs another; raise digits (now ${digits}) or generate fewer rows`);
          // Names hold no digits, so the trailing number alone tells two addresses apart.
          text.word(first(i)).char(DOT).word(last(i)).int(perm.apply(g)).char(AT).word(words[domain[i]!]!).end();
        }
        return { values: text.finish() };
      }
      const style = s.rng.fork("style");
      for (let i = 0; i < n; i++) {
        const u = style.next();
        const f = first(i);
        const l = last(i);
        // maria.castillo, mariacastillo, maria_castillo, mcastillo, maria.castillo42
        if (u < 0.45) text.word(f).char(DOT).word(l);
        else if (u < 0.6) text.word(f).word(l);
        else if (u < 0.7) text.word(f).char(UNDERSCORE).word(l);
        else if (u < 0.85) text.char(f.bytes[0]!).word(l);
        else text.word(f).char(DOT).word(l).int(1 + Math.floor(style.next() * 99));
        text.char(AT).word(words[domain[i]!]!).end();
      }
      return { values: text.finish() };
    },
  };
};

/** A login name from the row's person: maria.castillo, mcastillo, maria_c82, … */
export const username: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "person", "locale", ...COMMON], "a username column");
  const before = c.count;
  env.locale(o, path);
  const who = personKey(o, path, env);
  if (c.count > before || who === undefined) return undefined;
  const config = personConfig(who, env, path);
  if (config === undefined) return undefined;
  return {
    shape: { type: "string" },
    generate(s) {
      const p = personsOf(config, s);
      const { first, last } = nameSlugs(p);
      const style = s.rng;
      const text = new TextBuilder(s.length, 16);
      for (let i = 0; i < s.length; i++) {
        const u = style.next();
        const number = 1 + Math.floor(style.next() * 99);
        const f = first(i);
        const l = last(i);
        // maria.castillo, mcastillo, maria_c42, mariacastillo42, castillo.m
        if (u < 0.25) text.word(f).char(DOT).word(l);
        else if (u < 0.45) text.char(f.bytes[0]!).word(l);
        else if (u < 0.6) text.word(f).char(UNDERSCORE).char(l.bytes[0]!).int(number);
        else if (u < 0.8) text.word(f).word(l).int(number);
        else text.word(l).char(DOT).char(f.bytes[0]!);
        text.end();
      }
      return { values: text.finish() };
    },
  };
};
