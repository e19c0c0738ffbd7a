import { MimicError, type Issue } from "../../../errors/index.js";
import type { DatasetOption } from "../dataset.js";

/** Weighted labels in flag form: `Male=49,Female=49,Other=2` (weights need not sum to 100). */
export type Shares = Readonly<Record<string, number>>;

/**
 * Reads a dataset's raw option strings, collecting every problem before throwing once, so a user
 * fixes all of them in one go. Absent options take the definition's default.
 */
export class OptionReader {
  private readonly issues: Issue[] = [];
  private readonly known: ReadonlyMap<string, DatasetOption>;

  constructor(
    private readonly dataset: string,
    definitions: readonly DatasetOption[],
    private readonly raw: Readonly<Record<string, string>>,
  ) {
    this.known = new Map(definitions.map((d) => [d.name, d]));
    for (const name of Object.keys(raw)) {
      if (!this.known.has(name)) {
        const names = [...this.known.keys()].map((n) => `--${n}`).join(", ");
        this.issue("unknown_option", name, `${dataset} has no option --${name}; its options are ${names || "none"}.`);
      }
    }
  }

  /** The raw text of an option, or its default. */
  text(name: string): string {
    const value = this.raw[name] ?? this.known.get(name)?.default;
    if (value === undefined) throw new Error(`option ${name} is not declared by ${this.dataset}`);
    return value.trim();
  }

  /**
   * A calendar date `YYYY-MM-DD`, returned as the same (validated) text; undefined when it is not
   * one (the problem is recorded), so callers skip checks such as ranges that would only repeat it.
   */
  date(name: string): string | undefined {
    const text = this.text(name);
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (match !== null && isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) return text;
    this.issue("bad_date", name, `--${name} must be a date YYYY-MM-DD such as 2022-01-01, got "${text}".`);
    return undefined;
  }

  /** A whole number in [min, max]. */
  integer(name: string, min: number, max: number): number {
    const text = this.text(name);
    const value = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      this.issue("bad_integer", name, `--${name} must be a whole number from ${min} to ${max}, got "${text}".`);
      return min;
    }
    return value;
  }

  /**
   * Shares such as `Married=50,Single=33,Unknown=17`: labels with non-negative weights, at least
   * one positive. With `allowed`, labels outside it are refused (the message lists the allowed).
   */
  shares(name: string, allowed?: readonly string[]): Shares {
    const text = this.text(name);
    const result: Record<string, number> = {};
    const problems: string[] = [];
    for (const part of text.split(",")) {
      const eq = part.lastIndexOf("=");
      const label = part.slice(0, eq).trim();
      const weightText = part.slice(eq + 1).trim();
      const weight = /^\d+(\.\d+)?$/.test(weightText) ? Number(weightText) : Number.NaN;
      if (eq <= 0 || label === "" || Number.isNaN(weight)) problems.push(`"${part.trim()}" is not Label=weight`);
      else if (label in result) problems.push(`"${label}" is given twice`);
      else if (allowed !== undefined && !allowed.includes(label)) problems.push(`"${label}" is not one of ${allowed.join(", ")}`);
      else result[label] = weight;
    }
    if (problems.length === 0 && !Object.values(result).some((w) => w > 0)) problems.push("at least one weight must be > 0");
    if (problems.length > 0) {
      this.issue("bad_shares", name, `--${name}: ${problems.join("; ")}. Write it as --${name} "${this.known.get(name)?.default ?? "A=60,B=40"}".`);
    }
    return result;
  }

  /** Adds a problem found by the caller (e.g. start date after end date). */
  issue(code: string, name: string, message: string): void {
    this.issues.push({ code, path: `--${name}`, message });
  }

  /** Throws DATASET_OPTION_INVALID listing every problem, if there is any. */
  done(): void {
    if (this.issues.length === 0) return;
    // Same shape as SCHEMA_INVALID: a count, then one line per problem (the issues carry the same).
    const n = this.issues.length;
    const lines = this.issues.map((i) => `  - ${i.message}`).join("\n");
    throw new MimicError("DATASET_OPTION_INVALID", `${this.dataset} has ${n} invalid option${n === 1 ? "" : "s"}; nothing was generated:\n${lines}`, {
      issues: this.issues,
    });
  }
}

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Formats shares back into flag form, in the given order: `Married=50,Single=33,Unknown=17`. */
export function formatShares(shares: Shares): string {
  return Object.entries(shares)
    .map(([label, weight]) => `${label}=${weight}`)
    .join(",");
}
