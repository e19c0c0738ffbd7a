// Phone numbers and company names of the column's locale.
import { localeData, type LocaleData } from "../../../locales/index.js";
import type { Random } from "../../../random/index.js";
import type { KindBuilder } from "../env.js";
import { COMMON } from "../ids.js";
import { phoneNumber, type PhoneFormat } from "./phone-plans.js";
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
      const out = new Array<string>(s.length);
      for (let i = 0; i < s.length; i++) out[i] = phoneNumber(locale, format, s.rng);
      return { values: out };
    },
  };
};

/** Company names in the shapes the locale's companies have: Müller GmbH, Weber-Schmitz, … */
function companyNames(d: LocaleData, rng: Random, n: number): string[] {
  const lastAlias = aliasOf(d.lastNames);
  const suffixAlias = aliasOf(d.companySuffixes);
  const names = d.lastNames.words;
  const suffixes = d.companySuffixes.words;
  const french = d.code === "fr-FR";
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    const a = names[lastAlias.index(rng)]!;
    if (u < 0.55) out[i] = `${a} ${suffixes[suffixAlias.index(rng)]!}`;
    else if (french) out[i] = `${a} et ${names[lastAlias.index(rng)]!}`;
    else if (u < 0.8) out[i] = `${a}-${names[lastAlias.index(rng)]!}`;
    else out[i] = `${a}, ${names[lastAlias.index(rng)]!} ${d.and} ${names[lastAlias.index(rng)]!}`;
  }
  return out;
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
