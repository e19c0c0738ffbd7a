import { parseArgs, type ParseArgsConfig } from "node:util";
import { closest, MimicError } from "../../errors/index.js";
import { parseTime } from "../../telemetry/query/index.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parsed flags: string and boolean values by flag name (repeatable flags give arrays). */
export interface ParsedFlags {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** Strict flag parsing: unknown flags and missing values become CLI_BAD_FLAG with a hint. */
export function parseFlags(argv: readonly string[], options: Options, commandName: string): ParsedFlags {
  try {
    const { values, positionals } = parseArgs({ args: attachNegativeValues(argv, options), options, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (cause) {
    throw new MimicError(
      "CLI_BAD_FLAG",
      `${describeParseError(cause)}${flagSuggestion(cause, options)} Run \`mimic ${commandName} --help\` for the accepted flags.`,
      { cause },
    );
  }
}

/**
 * `--rows -5` or `--expires -1d` would read the value as a flag and fail as "ambiguous"; such a
 * value is attached to a flag that takes one, so the flag's own check says what is wrong with it.
 */
function attachNegativeValues(argv: readonly string[], options: Options): string[] {
  const takesValue = new Set<string>();
  for (const [name, option] of Object.entries(options)) {
    if (option.type !== "string") continue;
    takesValue.add(`--${name}`);
    if (option.short !== undefined) takesValue.add(`-${option.short}`);
  }
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (takesValue.has(arg) && next !== undefined && /^-\d/.test(next)) {
      // parseArgs reads `--rows=-5` and, for a short flag, `-n-5` (not `-n=-5`).
      out.push(arg.startsWith("--") ? `${arg}=${next}` : `${arg}${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** " Did you mean --rows?" for an unknown flag that is a typo of an accepted one (`--row`, `--seeed`). */
function flagSuggestion(cause: unknown, options: Options): string {
  if ((cause as { code?: string }).code !== "ERR_PARSE_ARGS_UNKNOWN_OPTION") return "";
  const given = /Unknown option '(-{1,2}[^'=]+)/.exec(cause instanceof Error ? cause.message : "")?.[1];
  if (given === undefined) return "";
  const best = closest(given.replace(/^-+/, ""), Object.keys(options));
  return best === undefined ? "" : ` Did you mean --${best}?`;
}

/** Node's parseArgs messages, in the words of this CLI (they mention '--seed=-XYZ' and option specs). */
function describeParseError(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const code = (cause as { code?: string }).code;
  // "Option '-s, --seed <value>' argument missing" / "Option '--seed' argument is ambiguous."
  const flag = /Option '(?:-\w, )?(--[\w-]+)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && flag !== undefined) {
    return `${flag} needs a value: write ${flag} VALUE (or ${flag}=VALUE).`;
  }
  // "Unknown option '--bogus'. To specify a positional argument starting with a '-', …": the first sentence.
  const first = message
    .split("\n")[0]!
    .replace(/\. To specify.*$/, "")
    .replace(/\.$/, "");
  return `${first}.`;
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

/**
 * A time flag that also takes a duration meaning that long ago (`--from 1h`, `--from 7d`, as
 * everywhere durations are taken), written as epoch seconds; anything else is returned as given,
 * for the command's own parser (ISO 8601 or epoch seconds) to judge.
 */
export function timeOrAgo(raw: string | undefined, nowMs: number): string | undefined {
  if (raw === undefined || !/^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/.test(raw.trim())) return raw;
  return String((nowMs - parseDurationMs("--from", raw, 0)) / 1000);
}

/** A flag given as a list, repeated or comma-separated (`--device a,b --device c`), its values trimmed. */
export function listFlag(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values
    .flatMap((v) => String(v).split(","))
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A time flag as epoch seconds: ISO 8601, epoch seconds, or a duration meaning that long ago
 * (`--from 1h`), as `mimic query` takes it.
 */
export function timeFlag(flag: string, raw: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (raw === undefined) return undefined;
  const t = parseTime(timeOrAgo(raw, nowMs)!);
  if (t === undefined)
    throw new MimicError("CLI_BAD_FLAG", `${flag} must be ISO 8601 (2019-05-12T00:00:00Z), epoch seconds, or a duration ago (1h, 7d), got "${raw}".`);
  return t;
}

/** The string value of a flag, or undefined; a repeated flag keeps its last value. */
export function stringFlag(flags: ParsedFlags, name: string): string | undefined {
  const v = flags.values[name];
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === "string" ? last : undefined;
}

/**
 * `--out sales.csv.gz` would otherwise be written as plain text under a compressed name; say so and
 * show the pipe that does compress.
 */
export function refuseCompressedOut(out: string, command: string): void {
  const extension = /\.(gz|gzip|bz2|xz|zst|zip|7z)$/i.exec(out)?.[1];
  if (extension === undefined) return;
  const plain = out.slice(0, -extension.length - 1);
  throw new MimicError(
    "CLI_BAD_FLAG",
    `--out ${out}: mimic does not compress its output; pipe it instead: mimic ${command} … --out - | gzip > ${plain}.gz (or choose --format parquet, which is compressed).`,
  );
}
