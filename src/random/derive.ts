// Stream-key derivation: (seed, path...) → 128-bit xoshiro state. Stable across machines and
// Node versions (pure 32-bit integer arithmetic on UTF-8 bytes), pinned by golden tests.

const encoder = new TextEncoder();

/** murmur3's 32-bit finaliser: a bijective avalanche mix. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Absorbs one path part into a 4-word key (tagged by kind so "1" and 1 differ). */
function absorb(key: Uint32Array, part: string | number): void {
  const bytes =
    typeof part === "number" ? encoder.encode(`#${Number.isInteger(part) ? part.toString() : String(part)}`) : encoder.encode(`$${part}`);
  for (let i = 0; i < bytes.length; i++) {
    const lane = i & 3;
    key[lane] = fmix32((key[lane]! ^ bytes[i]!) + Math.imul(i + 1, 0x9e3779b9));
  }
  // Separate parts (so ["ab","c"] ≠ ["a","bc"]) and make every word depend on every byte.
  const all = fmix32(key[0]! ^ fmix32(key[1]! ^ fmix32(key[2]! ^ fmix32(key[3]! ^ Math.imul(bytes.length + 1, 0x27d4eb2f)))));
  for (let lane = 0; lane < 4; lane++) key[lane] = fmix32((key[lane]! ^ all) + Math.imul(lane + 1, 0x9e3779b9));
}

/** Derives a child key from a parent key and a path. */
export function deriveKey(parent: Uint32Array, path: readonly (string | number)[]): Uint32Array {
  const key = Uint32Array.from(parent);
  for (const part of path) absorb(key, part);
  if ((key[0]! | key[1]! | key[2]! | key[3]!) === 0) key[0] = 1; // xoshiro's one forbidden state
  return key;
}

/** The root key of a seed (a number or a string such as "demo"). */
export function rootKey(seed: number | string): Uint32Array {
  return deriveKey(Uint32Array.of(0x6d696d69, 0x63000001, 0x5eed5eed, 0x00000001), [typeof seed === "number" ? seed : `seed:${seed}`]);
}
