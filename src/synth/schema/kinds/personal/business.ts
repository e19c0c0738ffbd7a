// Phone numbers and company names of the column's locale.
import { localeData, type LocaleData } from "../../../locales/index.js";
import type { Random } from "../../../../random/index.js";
import type { KindBuilder } from "../env.js";
import { COMMON } from "../ids.js";
import { writePhoneNumber, type PhoneFormat } from "./phone-plans.js";
import { encodedWords, TextBuilder } from "./text-builder.js";
import { aliasOf } from "./words.js";

export const phone: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "format", "locale", ...COMMON], "a phone column");
  const before = c.count;
  const format = (c.string(o, "format", path, { oneOf: ["national", "international", "e164"] }) ?? "national") as PhoneFormat;
  const locale = env.locale(o, path);
  if (c.count > before || locale === undefined) return undefined;
  return {
    shape: { type: "string" },
    generate(s) {
      const text = new TextBuilder(s.length, 16);
      for (let i = 0; i < s.length; i++) {
        writePhoneNumber(text, locale, format, s.rng);
        text.end();
      }
      return { values: text.finish() };
    },
  };
};

/** Company names in the shapes the locale's companies have: Müller GmbH, Weber-Schmitz, … */
function companyNames(d: LocaleData, rng: Random, n: number): string[] {
  const lastAlias = aliasOf(d.lastNames);
  const suffixAlias = aliasOf(d.companySuffixes);
  const names = encodedWords(d.lastNames.words);
  const suffixes = encodedWords(d.companySuffixes.words);
  const french = d.code === "fr-FR";
  const and = ` ${d.and} `;
  const text = new TextBuilder(n, 24);
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    text.word(names[lastAlias.index(rng)]!);
    if (u < 0.55) text.char(32).word(suffixes[suffixAlias.index(rng)]!);
    else if (french) text.ascii(" et ").word(names[lastAlias.index(rng)]!);
    else if (u < 0.8) text.char(45).word(names[lastAlias.index(rng)]!);
    else text.ascii(", ").word(names[lastAlias.index(rng)]!).ascii(and).word(names[lastAlias.index(rng)]!);
    text.end();
  }
  return text.finish();
}

export const company: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "locale", ...COMMON], "a company column");
  const locale = env.locale(o, path);
  if (locale === undefined) return undefined;
  return {
    shape: { type: "string" },
    generate: (s) => ({ values: companyNames(localeData(locale), s.rng, s.length) }),
  };
};
