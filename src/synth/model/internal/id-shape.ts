// The shape of text identifiers (a 32-digit hex transaction id, `AB-12345`): per character
// position, the alphabet it draws from (one character: a literal such as a dash). Synthetic ids
// are made in that shape, never copied: the last positions number the rows through a permutation,
// so ids are unique, and the others are random.
import type { Random } from "../../../random/index.js";

const DIGITS = "0123456789";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = LOWER.toUpperCase();
/** Alphabets a position is widened to, narrowest first: a few ids show a few of its characters. */
const CLASSES = [DIGITS, DIGITS + "abcdef", DIGITS + "ABCDEF", LOWER, UPPER, DIGITS + LOWER, DIGITS + UPPER, LOWER + UPPER, DIGITS + LOWER + UPPER];
/** Values looked at: the shape settles long before. */
const SAMPLE = 10_000;
/** Tail positions numbering the rows hold at most this many values, so the arithmetic stays exact. */
const TAIL_CAPACITY = 2 ** 32;
const ALNUM = /^[0-9A-Za-z]$/;
/** With fewer ids than this, a position's characters are widened to the class they belong to. */
const WIDEN_BELOW = 100;

/**
 * The alphabet of each character position of the most common length among `values`.
 *
 * @example
 * idShape(["3f9a", "0b12", "c4d7"]); // ["0123456789abcdef", ...] (four positions)
 */
export function idShape(values: readonly string[]): string[] {
  const sample = values.length > SAMPLE ? values.filter((_, i) => i % Math.ceil(values.length / SAMPLE) === 0) : values;
  const lengths = new Map<number, number>();
  for (const v of sample) {
    const n = [...v].length;
    lengths.set(n, (lengths.get(n) ?? 0) + 1);
  }
  let length = 1, best = -1;
  for (const [n, count] of lengths) if (count > best || (count === best && n > length)) [length, best] = [n, count];
  const seen = Array.from({ length }, () => new Set<string>());
  for (const v of sample) {
    const chars = [...v];
    if (chars.length === length) chars.forEach((c, i) => seen[i]!.add(c));
  }
  return seen.map((chars) => alphabetOf(chars, best));
}

function alphabetOf(chars: ReadonlySet<string>, values: number): string {
  const list = [...chars].sort();
  // One character on many ids is part of the layout (a dash, a fixed prefix); on a few, chance.
  if (list.length === 1 && (values >= 10 || !ALNUM.test(list[0]!))) return list[0]!;
  // Many ids show a position's whole alphabet (a hex digit misses 100 ids 1 time in 600), and
  // keeping just what they show keeps the layout of codes (the first digit of an hour is 0–2).
  if (values >= WIDEN_BELOW || !list.every((c) => ALNUM.test(c))) return list.join("");
  return CLASSES.find((a) => list.every((c) => a.includes(c)))!;
}

/** Makes ids of a shape for rows by number: unique while the rows fit the numbered positions. */
export interface IdMaker {
  make(row: number, rng: Random): string;
}

function gcd(a: number, b: number): number {
  while (b > 0) [a, b] = [b, a % b];
  return a;
}

export function idMaker(positions: readonly string[]): IdMaker {
  const alphabets = positions.map((p) => [...p]);
  // The tail: the last positions, as many as keep their combined capacity within TAIL_CAPACITY.
  let tail = alphabets.length, capacity = 1;
  while (tail > 0 && capacity * alphabets[tail - 1]!.length <= TAIL_CAPACITY) capacity *= alphabets[--tail]!.length;
  // row ↦ (row · m + b) mod capacity is a permutation when m and capacity are coprime.
  let m = 1_000_003 % capacity || 1;
  while (gcd(m, capacity) !== 1) m++;
  const b = Math.floor(capacity * 0.6180339887);
  return {
    make(row, rng) {
      let out = "";
      for (let i = 0; i < tail; i++) {
        const a = alphabets[i]!;
        out += a.length === 1 ? a[0]! : a[rng.int(0, a.length - 1)]!;
      }
      let k = ((row % capacity) * m + b) % capacity;
      let rest = "";
      for (let i = alphabets.length - 1; i >= tail; i--) {
        const a = alphabets[i]!;
        rest = a[k % a.length]! + rest;
        k = Math.floor(k / a.length);
      }
      return out + rest;
    },
  };
}
