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

/** A company name in one of the shapes the locale's companies have: Müller GmbH, Weber-Schmitz, … */
function companyName(d: LocaleData, rng: Random): string {
  const lastAlias = aliasOf(d.lastNames);
  const last = (): string => d.lastNames.words[lastAlias.index(rng)]!;
  const u = rng.next();
  if (u < 0.55) return `${last()} ${d.companySuffixes.words[aliasOf(d.companySuffixes).index(rng)]!}`;
  if (d.code === "fr-FR" || u < 0.8) return d.code === "fr-FR" ? `${last()} et ${last()}` : `${last()}-${last()}`;
  return `${last()}, ${last()} ${d.and} ${last()}`;
}

export const company: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "locale", ...COMMON], "a company column");
  const locale = env.locale(o, path);
  if (locale === undefined) return undefined;
  return {
    shape: { type: "string" },
    generate(s) {
      const d = localeData(locale);
      const out = new Array<string>(s.length);
      for (let i = 0; i < s.length; i++) out[i] = companyName(d, s.rng);
      return { values: out };
    },
  };
};
