// Drawing from word lists, and turning names into the ASCII of addresses and logins.
import { AliasTable } from "../../../distributions/index.js";
import type { WordList } from "../../../locales/index.js";
import type { Random } from "../../../../random/index.js";

const aliases = new WeakMap<WordList, AliasTable>();

/** The alias table of a list (equal weights when it has none), built once per list. */
export function aliasOf(list: WordList): AliasTable {
  let t = aliases.get(list);
  if (t === undefined) aliases.set(list, (t = new AliasTable(list.weights ?? list.words.map(() => 1))));
  return t;
}

/** n indices into a list, drawn by its weights. */
export function drawIndices(list: WordList, rng: Random, n: number): Uint32Array {
  return aliasOf(list).fill(rng, new Uint32Array(n));
}

const FOLD: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss", æ: "ae", œ: "oe", ø: "o", å: "a", ł: "l", đ: "d" };
const slugs = new WeakMap<readonly string[], string[]>();

/**
 * A name as lower-case ASCII letters for an e-mail or login: umlauts spelt out (Müller → mueller),
 * accents dropped (Hélène → helene), spaces and apostrophes removed, inner hyphens kept.
 */
export function slug(name: string): string {
  const folded = name.toLowerCase().replace(/[äöüßæœøåłđ]/g, (ch) => FOLD[ch] ?? ch);
  const ascii = folded.normalize("NFD").replace(/[^a-z-]/g, "");
  return ascii.replace(/-+/g, "-").replace(/^-|-$/g, "") || "x";
}

/** The slugs of a list's words, computed once per list. */
export function slugsOf(words: readonly string[]): readonly string[] {
  let s = slugs.get(words);
  if (s === undefined) slugs.set(words, (s = words.map(slug)));
  return s;
}

/** `[min, max]` of a count option given as one number or a two-number list; reports bad input. */
export function countRange(value: unknown, fallback: readonly [number, number], max: number): readonly [number, number] | string {
  if (value === undefined) return fallback;
  const pair = typeof value === "number" ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((x) => typeof x === "number" && Number.isInteger(x) && x >= 1 && x <= max) || pair[0] > pair[1]) {
    return `must be a whole number from 1 to ${max}, or [min, max] with min ≤ max`;
  }
  return [pair[0] as number, pair[1] as number];
}
