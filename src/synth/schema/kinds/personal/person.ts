import type { LocaleData } from "../../../locales/index.js";
import { dictionary } from "../../runtime/vectors.js";
import type { KindBuilder } from "../env.js";
import { COMMON } from "../ids.js";
import { personConfig, personKey, personsOf } from "./identity.js";
import { encodedWords, TextBuilder } from "./text-builder.js";

const SPACE = 32;

const PARTS = ["full", "first", "last"];
const firstNameDictionaries = new WeakMap<LocaleData, { words: string[]; female: Uint32Array; male: Uint32Array }>();

/** One dictionary of both first-name lists (a name on both appears once), with each list's codes. */
function firstNameCodes(data: LocaleData): { words: string[]; female: Uint32Array; male: Uint32Array } {
  let d = firstNameDictionaries.get(data);
  if (d === undefined) {
    const words: string[] = [];
    const codeOf = new Map<string, number>();
    const codes = (list: readonly string[]): Uint32Array =>
      Uint32Array.from(list, (w) => {
        let k = codeOf.get(w);
        if (k === undefined) codeOf.set(w, (k = words.push(w) - 1));
        return k;
      });
    d = { female: codes(data.femaleNames.words), male: codes(data.maleNames.words), words };
    firstNameDictionaries.set(data, d);
  }
  return d;
}

/** A person's full, first or last name; first names match the gender column when there is one. */
export const person: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "part", "gender", "person", "locale", ...COMMON], "a person column");
  const before = c.count;
  const part = c.string(o, "part", path, { oneOf: PARTS }) ?? "full";
  const gender = c.string(o, "gender", path);
  const own = env.locale(o, path);
  const who = personKey(o, path, env);
  if (gender !== undefined) {
    const t = env.dep(gender, `${path}.gender`);
    if (t === undefined && !c.issues.some((i) => i.path === `${path}.gender`)) c.add(`${path}.gender`, "unknown_column", `there is no column "${gender}" in this table`);
    else if (t !== undefined && t.t !== "string" && t.t !== "any") c.add(`${path}.gender`, "invalid_type", `the gender column "${gender}" must hold text (Male/Female, M/F, …), it holds ${t.t}`);
  }
  if (c.count > before || who === undefined || own === undefined) return undefined;
  const config = personConfig(who, env, path);
  if (config === undefined) return undefined;
  // Every column of one person draws the same names: they must agree on how.
  if (config.gender !== gender || config.locale !== own) {
    c.add(path, "conflict", `the columns of person "${who}" must share one gender column and locale (the first one has gender: ${config.gender ?? "none"}, locale: ${config.locale}); give them the same, or another person: name`);
    return undefined;
  }
  return {
    shape: { type: "string" },
    generate(s) {
      const p = personsOf(config, s);
      const n = s.length;
      if (part === "last") return { values: dictionary(p.last.slice(0, n), p.data.lastNames.words) };
      if (part === "first") {
        const { words, female, male } = firstNameCodes(p.data);
        const codes = new Uint32Array(n);
        for (let i = 0; i < n; i++) codes[i] = p.sex[i] === 0 ? female[p.first[i]!]! : male[p.first[i]!]!;
        return { values: dictionary(codes, words) };
      }
      const female = encodedWords(p.data.femaleNames.words);
      const male = encodedWords(p.data.maleNames.words);
      const last = encodedWords(p.data.lastNames.words);
      const text = new TextBuilder(n, 16);
      for (let i = 0; i < n; i++) {
        text.word(p.sex[i] === 0 ? female[p.first[i]!]! : male[p.first[i]!]!).char(SPACE).word(last[p.last[i]!]!).end();
      }
      return { values: text.finish() };
    },
  };
};
