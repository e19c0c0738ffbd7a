// Network identifiers: IP addresses (public unicast or private ranges), version-4 UUIDs and web
// addresses named after a column (the row's company) or made-up words.
import { localeData, loremWords } from "../../../locales/index.js";
import type { Random } from "../../../../random/index.js";
import type { KindBuilder } from "../env.js";
import { COMMON } from "../ids.js";
import { slug } from "./words.js";

// IPv4 blocks that are not public unicast (RFC 6890): this network, private, shared (CGN),
// loopback, link-local, documentation, benchmarking, 6to4 relay, multicast and reserved.
const V4_RESERVED: readonly (readonly [number, number])[] = (
  [
    ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
    ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
    ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 3],
  ] as const
).map(([ip, bits]) => [ip.split(".").reduce((a, b) => a * 256 + Number(b), 0), 2 ** (32 - bits)] as const);
const PRIVATE_V4 = [[10 * 2 ** 24, 2 ** 24, 0.5], [(172 * 256 + 16) * 2 ** 16, 2 ** 20, 0.2], [(192 * 256 + 168) * 2 ** 16, 2 ** 16, 0.3]] as const;

const dotted = (x: number): string => `${Math.floor(x / 2 ** 24)}.${Math.floor(x / 2 ** 16) % 256}.${Math.floor(x / 256) % 256}.${x % 256}`;

function ipv4(rng: Random, isPrivate: boolean): string {
  if (isPrivate) {
    let u = rng.next();
    for (const [base, size, share] of PRIVATE_V4) if ((u -= share) < 0 || base === PRIVATE_V4[2][0]) return dotted(base + Math.floor(rng.next() * size));
  }
  for (;;) {
    const x = rng.uint32();
    if (!V4_RESERVED.some(([base, size]) => x >= base && x < base + size)) return dotted(x);
  }
}

/** Eight 16-bit groups in RFC 5952 form: lower-case, no leading zeros, the longest run of 2+ zero groups as "::". */
export function ipv6Text(groups: readonly number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

function ipv6(rng: Random, isPrivate: boolean): string {
  const groups = Array.from({ length: 8 }, () => rng.uint32() & 0xffff);
  // Global unicast 2000::/3, or a unique local address fd00::/8.
  groups[0] = isPrivate ? 0xfd00 | (groups[0]! & 0xff) : 0x2000 | (groups[0]! & 0x1fff);
  return ipv6Text(groups);
}

export const ip: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "version", "private", ...COMMON], "an ip column");
  const before = c.count;
  const version = c.number(o, "version", path, { integer: true }) ?? 4;
  if (version !== 4 && version !== 6) c.add(`${path}.version`, "invalid_value", `version must be 4 or 6, got ${version}`);
  const isPrivate = c.boolean(o, "private", path) ?? false;
  if (c.count > before) return undefined;
  return {
    shape: { type: "string" },
    generate(s) {
      const out = new Array<string>(s.length);
      for (let i = 0; i < s.length; i++) out[i] = version === 4 ? ipv4(s.rng, isPrivate) : ipv6(s.rng, isPrivate);
      return { values: out };
    },
  };
};

const HEX = "0123456789abcdef";

/** A version-4 UUID (RFC 9562): 122 random bits, version nibble 4, variant bits 10. */
function uuid4(rng: Random): string {
  let s = "";
  for (let w = 0; w < 4; w++) {
    let x = rng.uint32();
    for (let k = 0; k < 8; k++, x >>>= 4) {
      const pos = w * 8 + k;
      const nibble = pos === 12 ? 4 : pos === 16 ? 8 | (x & 3) : x & 15;
      if (pos === 8 || pos === 12 || pos === 16 || pos === 20) s += "-";
      s += HEX[nibble];
    }
  }
  return s;
}

export const uuid: KindBuilder = (o, path, env) => {
  env.c.keys(o, path, ["kind", ...COMMON], "a uuid column");
  return {
    shape: { type: "string" },
    generate(s) {
      const out = new Array<string>(s.length);
      for (let i = 0; i < s.length; i++) out[i] = uuid4(s.rng);
      return { values: out };
    },
  };
};

/** A host name from free text: Müller & Söhne GmbH → mueller-soehne-gmbh. */
function hostLabel(text: string): string {
  const label = text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "")
    .map(slug)
    .join("-")
    .slice(0, 63)
    .replace(/-+$/, "");
  return label === "" || label === "x" ? "site" : label;
}

export const url: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "name", "path", "locale", ...COMMON], "a url column");
  const before = c.count;
  const name = c.string(o, "name", path);
  const withPath = c.boolean(o, "path", path) ?? false;
  const locale = env.locale(o, path);
  if (name !== undefined && env.dep(name, `${path}.name`) === undefined && !c.issues.some((i) => i.path === `${path}.name`)) c.add(`${path}.name`, "unknown_column", `there is no column "${name}" in this table`);
  if (c.count > before || locale === undefined) return undefined;
  return {
    shape: { type: "string" },
    generate(s) {
      const tld = localeData(locale).tld;
      const words = loremWords();
      const word = (): string => words[Math.floor(s.rng.next() * words.length)]!;
      const read = name === undefined ? undefined : s.reader(name);
      const out = new Array<string>(s.length);
      for (let i = 0; i < s.length; i++) {
        const v = read?.(i);
        const host = read === undefined ? `${word()}-${word()}` : hostLabel(v === null || v === undefined ? "" : String(v));
        const tail = withPath ? (s.rng.next() < 0.5 ? `${word()}` : `${word()}/${word()}`) : "";
        out[i] = `https://www.${host}.${tld}/${tail}`;
      }
      return { values: out };
    },
  };
};
