import { parseArgs, type ParseArgsConfig } from "node:util";
import { MimicError } from "../../errors/index.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parsed flags: string and boolean values by flag name (repeatable flags give arrays). */
export interface ParsedFlags {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** Strict flag parsing: unknown flags and missing values become CLI_BAD_FLAG with a hint. */
export function parseFlags(argv: readonly string[], options: Options, commandName: string): ParsedFlags {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message.replace(/\. To specify.*$/s, "") : String(cause);
    throw new MimicError("CLI_BAD_FLAG", `${detail}. Run \`mimic ${commandName} --help\` for the accepted flags.`, { cause });
  }
}

/** A whole number in [min, max], e.g. `--rows 1000000` (also `1e6`, `1_000_000`, `1M`, `10k`). */
export function parseCount(flag: string, raw: string | undefined, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined) return fallback;
  const text = raw.trim().replaceAll("_", "");
  const suffix = /^(\d+(?:\.\d+)?)([kKmMbB])$/.exec(text);
  const scale = suffix ? { k: 1e3, m: 1e6, b: 1e9 }[suffix[2]!.toLowerCase() as "k" | "m" | "b"] : 1;
  const value = suffix ? Number(suffix[1]) * scale : /^[+]?(\d+(\.\d+)?([eE]\+?\d+)?)$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    // The example is the flag's own default when that is a sensible value to type, else 1000 kept in range.
    const example = fallback >= Math.max(min, 1) && fallback <= max ? fallback : Math.min(max, Math.max(min, 1000));
    // No upper bound is worth printing as 9007199254740991.
    const range = max >= Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw new MimicError("CLI_BAD_FLAG", `${flag} must be a whole number ${range}, got "${raw}"; for example ${flag} ${example}.`);
  }
  return value;
}

/** One of a fixed set of words, e.g. `--format csv`. */
export function parseChoice<const T extends string>(flag: string, raw: string | undefined, choices: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  throw new MimicError("CLI_BAD_FLAG", `${flag} must be one of ${choices.join(", ")}, got "${raw}".`);
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A duration such as `15s`, `90d`, `1h30m`, `500ms`; returns milliseconds. */
export function parseDurationMs(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const parts = [...raw.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  const joined = parts.map((p) => p[0]).join("");
  if (parts.length === 0 || joined !== raw.trim()) {
    throw new MimicError("CLI_BAD_FLAG", `${flag} must be a duration such as 500ms, 15s, 10m, 2h, 7d or 1h30m, got "${raw}".`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * DURATION_UNITS[p[2]!]!, 0);
}

/** The string value of a flag, or undefined; a repeated flag keeps its last value. */
export function stringFlag(flags: ParsedFlags, name: string): string | undefined {
  const v = flags.values[name];
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === "string" ? last : undefined;
}
