// The person of a row: one draw of sex, first name and last name that every column describing the
// same person reads (person parts, e-mail, username), so they agree with each other, and that no
// column's presence changes (it comes from its own stream, shared by key; see ChunkScope.shared).
import { LOCALE_CODES, localeData, type LocaleCode, type LocaleData } from "../../../locales/index.js";
import type { Random } from "../../../../random/index.js";
import { isObj } from "../../internal/checker.js";
import type { ChunkScope } from "../../plan.js";
import type { BuildEnv } from "../env.js";
import { drawIndices } from "./words.js";

/** How the persons of a table named `person` are drawn: their gender column and locale. */
export interface PersonConfig {
  readonly person: string;
  readonly gender: string | undefined;
  readonly locale: LocaleCode;
}

/** One chunk's persons: per row, female (0) or male (1), and name indices into the locale's lists. */
export interface Persons {
  readonly sex: Uint8Array;
  readonly first: Uint32Array;
  readonly last: Uint32Array;
  readonly data: LocaleData;
}

const MALE = new Set(["m", "male", "man", "men", "masculine", "boy", "mann", "männlich", "maennlich", "herr", "homme", "masculin", "h"]);
const FEMALE = new Set(["f", "female", "woman", "women", "feminine", "girl", "w", "frau", "weiblich", "femme", "féminin", "feminin"]);

/** 0 female, 1 male, 2 either (Other, unknown, null): from the text of a gender value. */
export function sexOf(text: string | null): number {
  if (text === null) return 2;
  const t = text.trim().toLowerCase();
  return FEMALE.has(t) ? 0 : MALE.has(t) ? 1 : 2;
}

/**
 * The configuration of person `person`: taken from the first `person` column describing it (its
 * gender column and locale), else no gender and the table's locale. Undefined after an issue.
 */
export function personConfig(person: string, env: BuildEnv, at: string): PersonConfig | undefined {
  for (const name of env.columnNames) {
    const spec = env.columnSpec(name);
    if (!isObj(spec) || spec.kind !== "person" || (spec.person ?? "person") !== person) continue;
    const gender = typeof spec.gender === "string" ? spec.gender : undefined;
    if (gender !== undefined && env.dep(gender, at) === undefined && !env.c.issues.some((i) => i.path === at)) {
      env.c.add(at, "unknown_column", `there is no column "${gender}" (the gender column of person "${person}", set on column "${name}")`);
      return undefined;
    }
    // A bad locale is reported where it is written, by that person column itself.
    const own = (LOCALE_CODES as readonly unknown[]).includes(spec.locale) ? (spec.locale as LocaleCode) : undefined;
    const locale = own ?? env.locale({}, at);
    return locale === undefined ? undefined : { person, gender, locale };
  }
  const locale = env.locale({}, at);
  return locale === undefined ? undefined : { person, gender: undefined, locale };
}

/** Reads the `person` key of a column (default `person`). */
export function personKey(o: Record<string, unknown>, path: string, env: BuildEnv): string | undefined {
  if (o.person === undefined) return "person";
  if (typeof o.person === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(o.person)) return o.person;
  env.c.add(`${path}.person`, "invalid_value", "person must be a name (letters, digits, _), e.g. customer; columns with the same name describe the same person");
  return undefined;
}

function draw(config: PersonConfig, s: ChunkScope, rng: Random): Persons {
  const data = localeData(config.locale);
  const n = s.length;
  const sex = new Uint8Array(n);
  const either = rng.fork("sex");
  if (config.gender === undefined) for (let i = 0; i < n; i++) sex[i] = either.next() < 0.5 ? 0 : 1;
  else {
    const vector = s.vector(config.gender);
    const v = vector.values;
    if (!(v instanceof Float64Array || v instanceof Uint8Array || Array.isArray(v))) {
      // A dictionary column (categorical): each entry's sex once, then a lookup per row.
      const ofCode = Uint8Array.from(v.dictionary, sexOf);
      const nulls = vector.nulls;
      for (let i = 0; i < n; i++) {
        const k = nulls?.[i] === 1 ? 2 : ofCode[v.codes[i]!]!;
        sex[i] = k === 2 ? (either.next() < 0.5 ? 0 : 1) : k;
      }
    } else {
      const read = s.reader(config.gender);
      const known = new Map<unknown, number>();
      for (let i = 0; i < n; i++) {
        const x = read(i);
        let k = known.get(x);
        if (k === undefined) known.set(x, (k = sexOf(typeof x === "string" ? x : x === null ? null : String(x))));
        sex[i] = k === 2 ? (either.next() < 0.5 ? 0 : 1) : k;
      }
    }
  }
  // Both lists are drawn for every row, so a row's name does not depend on the others' sexes.
  const female = drawIndices(data.femaleNames, rng.fork("female"), n);
  const male = drawIndices(data.maleNames, rng.fork("male"), n);
  const first = new Uint32Array(n);
  for (let i = 0; i < n; i++) first[i] = sex[i] === 0 ? female[i]! : male[i]!;
  return { sex, first, last: drawIndices(data.lastNames, rng.fork("last"), n), data };
}

/** This chunk's persons of a configuration, drawn once and shared by every column that reads them. */
export function personsOf(config: PersonConfig, s: ChunkScope): Persons {
  return s.shared(`$person:${config.person}`, (rng) => draw(config, s, rng));
}

