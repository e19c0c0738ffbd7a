// The small user file that overrides inferred column types:
//   columns:
//     zip: { type: categorical }
//     signup: { type: datetime, format: DD/MM/YYYY }
//     notes: { type: drop }
//   constraints:
//     - product -> price
//     - drop: product -> calories
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { parseRelationship, RELATIONSHIP_SYNTAX, relationshipColumns, type Relationship } from "../../analytics/relationships/index.js";
import { closest, MimicError, type Issue } from "../../errors/index.js";
import { DATETIME_FORMATS } from "./internal/datetime-format.js";
import { COLUMN_TYPES, type ColumnOverride, type ColumnType } from "./infer.js";

/** Relationships the user declares (kept exactly) or drops from what `fit` finds. */
export interface ConstraintSpec {
  declared: Relationship[];
  /** Detected relationships not to keep; `all` keeps none but the declared. */
  dropped: Relationship[] | "all";
}

/** Parsed metadata: overrides by column name, and the `constraints:` list if any. */
export type Metadata = Map<string, ColumnOverride> & { constraints?: ConstraintSpec };

const TOP_KEYS = ["columns", "constraints"] as const;
const COLUMN_KEYS = ["type", "format", "thousands"] as const;

const didYouMean = (word: string, candidates: readonly string[]): string => {
  const hit = closest(word, candidates);
  return hit === undefined ? "" : ` (did you mean ${hit}?)`;
};

const FORMAT_TOKEN = /YYYY|SSS|MMM|MM|DD|HH|mm|ss|YY|M|D|H/g;
/** strftime directives people write from Python/C habit, and the token each stands for. */
const STRFTIME: Record<string, string> = { "%Y": "YYYY", "%m": "MM", "%d": "DD", "%H": "HH", "%M": "mm", "%S": "ss", "%f": "SSS" };
const FORMAT_HELP =
  "supported: the tokens YYYY, MM, DD, HH, mm, ss, SSS (M, D, H without zero padding; MMM a month name such as Jan, YY a two-digit year) joined by separators such as - / . : space or T, with a year, month and day (or an hour and minutes for times of day), e.g. YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY HH:mm, YYYY-MM-DDTHH:mm:ssZ";

/**
 * Why a user-given datetime format cannot be read, or undefined when it can: tokens of
 * datetime-format.ts, each at most once, a year, month and day (or hours and minutes), and separators that are not letters
 * (but the ISO `T` and `Z`).
 */
export function formatProblem(format: string): string | undefined {
  if ((DATETIME_FORMATS as readonly string[]).includes(format)) return undefined;
  const tokens = [...format.matchAll(FORMAT_TOKEN)].map((m) => m[0]);
  const separators = format.replace(FORMAT_TOKEN, "");
  const hasDate = (tokens.includes("YYYY") || tokens.includes("YY")) && (tokens.includes("MMM") || tokens.includes("MM") || tokens.includes("M")) && (tokens.includes("DD") || tokens.includes("D"));
  const timeOfDay = (tokens.includes("HH") || tokens.includes("H")) && tokens.includes("mm") && !tokens.some((t) => t.startsWith("Y") || t.startsWith("M") || t.startsWith("D"));
  const repeated = tokens.some((t, i) => tokens.indexOf(t) !== i || (t.length === 1 && tokens.includes(t + t)));
  if ((hasDate || timeOfDay) && !repeated && /^[^A-Za-z0-9%]*$/.test(separators.replace(/[TZ]/g, ""))) return undefined;
  const translated = /%[YmdHMSf]/.test(format) ? format.replace(/%[YmdHMSf]/g, (d) => STRFTIME[d]!) : undefined;
  const hint = translated !== undefined && formatProblem(translated) === undefined ? ` (did you mean ${translated}?)` : "";
  return `unknown format ${JSON.stringify(format)}${hint}; ${FORMAT_HELP}`;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * Validates metadata (already parsed from JSON/YAML) against the table's column names. Strict:
 * unknown keys, types and formats are each reported (with the likely intended one), never ignored.
 * Whether the values fit the type given is checked by `fitModel`, which reads them.
 *
 * @example
 * parseMetadata({ columns: { zip: { type: "categorical" } } }, ["zip", "city"]);
 */
export function parseMetadata(data: unknown, columnNames: readonly string[], source = "metadata"): Metadata {
  const issues: Issue[] = [];
  const out: Metadata = new Map();
  const example = 'e.g. {"columns": {"zip": {"type": "categorical"}}}';
  if (!isObject(data)) throw new MimicError("MODEL_BAD_METADATA", `${source} must be an object with a "columns" map, ${example}.`);
  for (const key of Object.keys(data)) {
    if (!(TOP_KEYS as readonly string[]).includes(key)) issues.push({ code: "unknown_key", path: key, message: `unknown key ${key}${didYouMean(key, TOP_KEYS)}; the file's keys are columns and constraints` });
  }
  if (data["constraints"] !== undefined) out.constraints = parseConstraints(data["constraints"], columnNames, issues);
  const columns = data["columns"] ?? (data["constraints"] !== undefined ? {} : undefined);
  if (!isObject(columns)) {
    if (columns !== undefined || issues.length === 0) throw new MimicError("MODEL_BAD_METADATA", `${source} must be an object with a "columns" map, ${example}.`);
    throw new MimicError("MODEL_BAD_METADATA", `${source} has ${issues.length} problem(s) and no "columns" map; fix each one listed.`, { issues });
  }
  for (const [name, spec] of Object.entries(columns)) {
    const path = `columns.${name}`;
    if (!columnNames.includes(name)) {
      const hint = closest(name, columnNames);
      issues.push({ code: "unknown_column", path, message: `no column "${name}" in the CSV${hint === undefined ? "" : ` (did you mean "${hint}"?)`} (columns: ${columnNames.slice(0, 10).join(", ")}${columnNames.length > 10 ? ", …" : ""})` });
      continue;
    }
    if (!isObject(spec)) {
      issues.push({ code: "bad_column", path, message: `must be a map with a type, e.g. ${name}: { type: categorical }` });
      continue;
    }
    let bad = false;
    for (const key of Object.keys(spec)) {
      if (!(COLUMN_KEYS as readonly string[]).includes(key)) {
        issues.push({ code: "unknown_key", path: `${path}.${key}`, message: `unknown key ${key}${didYouMean(key, COLUMN_KEYS)}; a column takes ${COLUMN_KEYS.join(" and ")}` });
        bad = true;
      }
    }
    const type = spec["type"];
    if (type === undefined) {
      // An unknown key such as `typ` already says what is wrong.
      if (!bad) issues.push({ code: "missing_type", path: `${path}.type`, message: `type is missing; give one of ${COLUMN_TYPES.join(", ")}` });
      continue;
    }
    if (typeof type !== "string" || !(COLUMN_TYPES as readonly string[]).includes(type)) {
      const hint = typeof type === "string" ? didYouMean(type, COLUMN_TYPES) : "";
      issues.push({ code: "bad_type", path: `${path}.type`, message: `unknown type ${JSON.stringify(type)}${hint}; type must be one of ${COLUMN_TYPES.join(", ")}` });
      continue;
    }
    const format = spec["format"];
    if (format !== undefined) {
      if (type !== "datetime") {
        issues.push({ code: "bad_format", path: `${path}.format`, message: `format is only for type datetime (this column is ${type}); remove it or set type: datetime` });
        continue;
      }
      if (typeof format !== "string") {
        issues.push({ code: "bad_format", path: `${path}.format`, message: `format must be text such as DD/MM/YYYY, not ${JSON.stringify(format)}` });
        continue;
      }
      const problem = formatProblem(format);
      if (problem !== undefined) {
        issues.push({ code: "bad_format", path: `${path}.format`, message: problem });
        continue;
      }
    }
    const thousands = spec["thousands"];
    if (thousands !== undefined && (typeof thousands !== "boolean" || (type !== "numeric" && type !== "integer"))) {
      issues.push({ code: "bad_thousands", path: `${path}.thousands`, message: "thousands is true or false, on a numeric or integer column (true reads 1,250 as 1250)" });
      continue;
    }
    if (!bad) out.set(name, { type: type as ColumnType, ...(typeof format === "string" ? { format } : {}), ...(thousands === true ? { thousands } : {}) });
  }
  if (issues.length > 0) throw new MimicError("MODEL_BAD_METADATA", `${source} has ${issues.length} problem(s); fix each one listed.`, { issues });
  return out;
}

/**
 * The `constraints:` list: each item a relationship to keep exactly (`product -> price`), or
 * `drop: <relationship>` / `drop: all` for detected ones not to keep.
 */
function parseConstraints(data: unknown, columnNames: readonly string[], issues: Issue[]): ConstraintSpec {
  const spec: ConstraintSpec = { declared: [], dropped: [] };
  if (!Array.isArray(data)) {
    issues.push({ code: "bad_constraints", path: "constraints", message: `must be a list of relationships such as ${RELATIONSHIP_SYNTAX}, or drop: <relationship>` });
    return spec;
  }
  data.forEach((item: unknown, i) => {
    const path = `constraints[${i}]`;
    const drop = isObject(item) && Object.keys(item).length === 1 && "drop" in item;
    const text = drop ? (item)["drop"] : item;
    if (typeof text !== "string") {
      issues.push({ code: "bad_constraint", path, message: `must be a relationship such as ${RELATIONSHIP_SYNTAX}, or drop: <relationship> (or drop: all)` });
      return;
    }
    if (drop && text.trim() === "all") {
      spec.dropped = "all";
      return;
    }
    const r = parseRelationship(text);
    if (typeof r === "string") return void issues.push({ code: "bad_constraint", path, message: r });
    const missing = relationshipColumns(r).filter((n) => !columnNames.includes(n));
    if (missing.length > 0) {
      for (const name of missing) {
        const hint = closest(name, columnNames);
        issues.push({ code: "unknown_column", path, message: `${JSON.stringify(text)} names "${name}", which is not a column of the CSV${hint === undefined ? "" : ` (did you mean "${hint}"?)`}` });
      }
      return;
    }
    if (drop) {
      if (spec.dropped !== "all") spec.dropped.push(r);
    } else spec.declared.push(r);
  });
  return spec;
}

/** Reads and validates a metadata file (JSON or YAML). */
export async function readMetadata(path: string, columnNames: readonly string[]): Promise<Metadata> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new MimicError("IO_UNREADABLE", `Cannot read the metadata file "${path}"; check the path.`, { cause });
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (cause) {
    throw new MimicError("MODEL_BAD_METADATA", `"${path}" is not valid JSON or YAML: ${(cause as Error).message.split("\n")[0]}.`, { cause });
  }
  return parseMetadata(data, columnNames, `"${path}"`);
}
