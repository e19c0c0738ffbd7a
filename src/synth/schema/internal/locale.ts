import { suggest } from "../../../errors/index.js";
import { LOCALE_CODES, type LocaleCode } from "../../locales/index.js";
import type { Checker, Obj } from "./checker.js";

/**
 * Reads `locale` of a column or table at `path` (of the schema itself when path is undefined);
 * reports an unknown one with "did you mean" and returns undefined.
 */
export function readLocale(o: Obj, path: string | undefined, c: Checker): LocaleCode | undefined {
  const v = o.locale;
  if (v === undefined) return undefined;
  if (typeof v === "string" && (LOCALE_CODES as readonly string[]).includes(v)) return v as LocaleCode;
  const at = path === undefined ? "locale" : `${path}.locale`;
  const hint = typeof v === "string" ? suggest(v, LOCALE_CODES) : "";
  c.add(at, "unknown_locale", `locale must be one of ${LOCALE_CODES.join(", ")}, got ${JSON.stringify(v)}${hint}`);
  return undefined;
}
