import { MimicError } from "../errors/index.js";

/**
 * Deepest nesting a JSON body of readings can have: a batch array (1) of reading objects (2) each
 * with a `data` object (3) of plain values. Anything deeper is refused before it is parsed.
 */
export const MAX_JSON_DEPTH = 3;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/** Index of the quote closing the string opened at `open`, or -1 when it never closes. */
function closingQuote(text: string, open: number): number {
  let end = text.indexOf('"', open + 1);
  while (end !== -1) {
    let slashes = 0;
    while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}

/**
 * One cheap pass over JSON text before `JSON.parse`: refuses nesting deeper than `maxDepth`
 * (INGEST_TOO_DEEP, as soon as the limit is crossed, so 4 MB of `[` costs microseconds, not the
 * parser's 0.6 s), and returns how many object members the text has — the colons outside strings.
 * The parser keeps only the last of duplicate keys, so fewer members after parsing than colons
 * before means a key was repeated ({@link assertNoDuplicateKeys}). Strings are skipped with
 * `indexOf` (faster than a loop over a string's characters); invalid JSON is left for the parser
 * to report. Used on the string inside the seed's double-encoded body; the body itself is scanned
 * as bytes ({@link scanJsonBytes}).
 */
export function scanJsonShape(text: string, maxDepth = MAX_JSON_DEPTH): number {
  let depth = 0;
  let members = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i);
      if (end === -1) return members;
      i = end;
    } else if (c === COLON) members++;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > maxDepth) throw tooDeep(maxDepth);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return members;
}

/**
 * {@link scanJsonShape} over the body's bytes, before they are decoded to a string: the same
 * verdict and count (UTF-8 continuation bytes are never ASCII, so no quote, colon or bracket hides
 * in a multi-byte character). On bytes a plain loop beats `indexOf`: about a fifth of what
 * `JSON.parse` costs on the same body, against two fifths for the string scan (docs/benchmarks.md).
 */
export function scanJsonBytes(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): number {
  let depth = 0;
  let members = 0;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c === QUOTE) {
      for (i++; i < n; i++) {
        const d = bytes[i]!;
        if (d === QUOTE) break;
        if (d === BACKSLASH) i++;
      }
    } else if (c === COLON) members++;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > maxDepth) throw tooDeep(maxDepth);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return members;
}

function tooDeep(maxDepth: number): MimicError {
  return new MimicError(
    "INGEST_TOO_DEEP",
    `The body nests objects or arrays more than ${maxDepth} levels deep; a reading is at most an array of objects whose data is an object of plain values.`,
  );
}

/** Own members of every object inside a parsed value (bounded by the depth checked before). */
export function countMembers(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === "object" && item !== null) n += countMembers(item);
    return n;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    n++;
    const v = record[key];
    if (typeof v === "object" && v !== null) n += countMembers(v);
  }
  return n;
}

/**
 * Throws INGEST_DUPLICATE_KEY when the parsed value has fewer members than the text had (a key
 * repeated: `{"device":"other","device":"mine"}` would otherwise be read as "mine"). Only then is
 * the text walked again, slowly, to name the first repeated key and where it is.
 */
export function assertNoDuplicateKeys(text: string, members: number, parsed: unknown): void {
  if (countMembers(parsed) === members) return;
  const path = firstDuplicateKey(text) ?? "(body)";
  throw new MimicError("INGEST_DUPLICATE_KEY", `The key ${path} appears twice in one object; JSON with repeated keys is ambiguous, send each key once.`, {
    issues: [{ code: "duplicate_key", path, message: "Send each key once per object." }],
  });
}

interface Container {
  keys: Set<string> | undefined;
  path: string;
  index: number;
  lastKey: string;
  expectKey: boolean;
}

/** The path of the first key repeated within one object (e.g. `[1].data.humidity`), if any. */
export function firstDuplicateKey(text: string): string | undefined {
  const stack: Container[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === QUOTE) {
      const end = closingQuote(text, i);
      if (end === -1) return undefined;
      if (top?.keys !== undefined && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) return join(top.path, key);
        top.keys.add(key);
        top.lastKey = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const path = top === undefined ? "" : top.keys !== undefined ? join(top.path, top.lastKey) : `${top.path}[${top.index}]`;
      stack.push({ keys: c === OPEN_OBJECT ? new Set() : undefined, path, index: 0, lastKey: "", expectKey: true });
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) stack.pop();
    else if (c === 0x2c && top !== undefined) {
      if (top.keys !== undefined) top.expectKey = true;
      else top.index++;
    }
  }
  return undefined;
}

function join(path: string, key: string): string {
  const shown = key.length > 32 ? `${key.slice(0, 32)}…` : key;
  return path === "" ? shown : `${path}.${shown}`;
}
