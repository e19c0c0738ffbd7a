import type { Issue } from "../../../errors/index.js";
import { suggest } from "../../../errors/index.js";

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);

const describeValue = (v: unknown): string =>
  v === null
    ? "null"
    : Array.isArray(v)
      ? "a list"
      : typeof v === "object"
        ? "a mapping"
        : typeof v === "string"
          ? `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`
          : typeof v === "number" || typeof v === "boolean"
            ? String(v)
            : typeof v;

export interface NumberRule {
  required?: boolean;
  integer?: boolean;
  min?: number;
  max?: number;
  /** Strictly greater than. */
  gt?: number;
  hint?: string;
}

/** Collects issues with paths; helpers read a key, check it and return the value or undefined. */
export class Checker {
  readonly issues: Issue[] = [];

  add(path: string, code: string, message: string): void {
    this.issues.push({ code, path, message });
  }

  get count(): number {
    return this.issues.length;
  }

  object(value: unknown, path: string, what: string): Obj | undefined {
    if (isObj(value)) return value;
    this.add(path, "invalid_type", `${what} must be a mapping of keys to values, got ${describeValue(value)}`);
    return undefined;
  }

  /** Reports keys outside `allowed`, with a "did you mean" hint. */
  keys(o: Obj, path: string, allowed: readonly string[], what: string): void {
    for (const key of Object.keys(o)) {
      if (!allowed.includes(key)) {
        this.add(`${path}.${key}`, "unknown_key", `"${key}" is not a key of ${what}${suggest(key, allowed)}; allowed: ${allowed.join(", ")}`);
      }
    }
  }

  required(o: Obj, key: string, path: string, hint: string): boolean {
    if (o[key] !== undefined) return true;
    this.add(`${path}.${key}`, "required", `"${key}" is required: ${hint}`);
    return false;
  }

  number(o: Obj, key: string, path: string, rule: NumberRule = {}): number | undefined {
    const v = o[key];
    const at = `${path}.${key}`;
    if (v === undefined) {
      if (rule.required === true) this.add(at, "required", `"${key}" is required${rule.hint !== undefined ? `: ${rule.hint}` : ""}`);
      return undefined;
    }
    if (typeof v !== "number" || !Number.isFinite(v)) {
      this.add(at, "invalid_type", `${key} must be a number, got ${describeValue(v)}`);
      return undefined;
    }
    const bad = (what: string): undefined => {
      this.add(at, "out_of_range", `${key} must be ${what}, got ${v}${rule.hint !== undefined ? `; ${rule.hint}` : ""}`);
      return undefined;
    };
    if (rule.integer === true && !Number.isSafeInteger(v)) return bad("a whole number");
    if (rule.gt !== undefined && !(v > rule.gt)) return bad(`> ${rule.gt}`);
    if (rule.min !== undefined && v < rule.min) return bad(`≥ ${rule.min}`);
    if (rule.max !== undefined && v > rule.max) return bad(`≤ ${rule.max}`);
    return v;
  }

  string(o: Obj, key: string, path: string, rule: { required?: boolean; oneOf?: readonly string[]; hint?: string } = {}): string | undefined {
    const v = o[key];
    const at = `${path}.${key}`;
    if (v === undefined) {
      if (rule.required === true) this.add(at, "required", `"${key}" is required${rule.hint !== undefined ? `: ${rule.hint}` : ""}`);
      return undefined;
    }
    if (typeof v !== "string") {
      this.add(at, "invalid_type", `${key} must be text, got ${describeValue(v)}${v instanceof Date ? " (quote dates in YAML)" : ""}`);
      return undefined;
    }
    if (rule.oneOf !== undefined && !rule.oneOf.includes(v)) {
      this.add(at, "invalid_value", `${key} must be one of ${rule.oneOf.join(", ")}, got "${v}"${suggest(v, rule.oneOf)}`);
      return undefined;
    }
    return v;
  }

  boolean(o: Obj, key: string, path: string): boolean | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== "boolean") {
      this.add(`${path}.${key}`, "invalid_type", `${key} must be true or false, got ${describeValue(v)}`);
      return undefined;
    }
    return v;
  }

  /** A list of finite numbers (each ≥ 0 when `weights`). */
  numbers(o: Obj, key: string, path: string, rule: { required?: boolean; weights?: boolean; length?: number } = {}): number[] | undefined {
    const v = o[key];
    const at = `${path}.${key}`;
    if (v === undefined) {
      if (rule.required === true) this.add(at, "required", `"${key}" is required: a list of numbers`);
      return undefined;
    }
    if (!Array.isArray(v) || v.length === 0) {
      this.add(at, "invalid_type", `${key} must be a non-empty list of numbers, got ${describeValue(v)}`);
      return undefined;
    }
    let ok = true;
    v.forEach((x, i) => {
      if (typeof x !== "number" || !Number.isFinite(x) || (rule.weights === true && x < 0)) {
        this.add(`${at}[${i}]`, "invalid_value", `${key}[${i}] must be a ${rule.weights === true ? "number ≥ 0" : "finite number"}, got ${describeValue(x)}`);
        ok = false;
      }
    });
    if (!ok) return undefined;
    if (rule.length !== undefined && v.length !== rule.length) {
      this.add(at, "length_mismatch", `${key} needs ${rule.length} entries, got ${v.length}`);
      return undefined;
    }
    if (rule.weights === true && !(v as number[]).some((x) => x > 0)) {
      this.add(at, "invalid_value", `${key} must have at least one weight > 0`);
      return undefined;
    }
    return v as number[];
  }
}
