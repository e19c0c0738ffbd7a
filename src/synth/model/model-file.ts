// Reading a model back: every field is checked, so a file from another version or one edited by
// hand into an inconsistent state is refused with the exact problems, never sampled from.
import { readFile, rename, writeFile } from "node:fs/promises";
import { MimicError, type Issue } from "../../errors/index.js";
import { cholesky } from "../../numeric/index.js";
import { checkConstraints } from "./internal/check-model-constraints.js";
import { checkHierarchy } from "./internal/check-model-hierarchy.js";
import { checkMethod } from "./internal/check-model-method.js";
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, MODEL_FORMAT_VERSIONS, copulaCoordinates, type Model } from "./model-types.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isNumArray = (v: unknown): v is number[] => Array.isArray(v) && v.every(isNum);
const isStrArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

function checkProbabilities(path: string, p: unknown, n: number, issues: Issue[]): void {
  if (!isNumArray(p) || p.length !== n || p.some((x) => x < 0)) {
    issues.push({ code: "bad_probabilities", path, message: `must be ${n} non-negative numbers` });
    return;
  }
  const sum = p.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6) issues.push({ code: "bad_probabilities", path, message: `must sum to 1 (they sum to ${sum})` });
}

function checkMarginal(path: string, marginal: unknown, issues: Issue[]): void {
  if (!isObj(marginal)) return void issues.push({ code: "bad_marginal", path, message: "is missing" });
  const f = marginal["family"];
  if (f === "empirical") {
    const q = marginal["quantiles"];
    if (!isNumArray(q) || q.length < 2 || q.some((x, k) => k > 0 && x < q[k - 1]!)) {
      issues.push({ code: "bad_quantiles", path: `${path}.quantiles`, message: "must be at least 2 non-decreasing numbers" });
    }
  } else if (f === "normal") {
    if (!isNum(marginal["mean"]) || !isNum(marginal["sd"]) || marginal["sd"] <= 0)
      issues.push({ code: "bad_marginal", path, message: "normal needs mean and sd > 0" });
  } else if (f === "lognormal") {
    if (!isNum(marginal["mu"]) || !isNum(marginal["sigma"]) || marginal["sigma"] <= 0)
      issues.push({ code: "bad_marginal", path, message: "lognormal needs mu and sigma > 0" });
  } else if (f !== "uniform") issues.push({ code: "bad_marginal", path: `${path}.family`, message: "must be empirical, normal, lognormal or uniform" });
}

function checkSignificant(at: string, significant: unknown, issues: Issue[]): void {
  if (significant === undefined) return;
  if (!isNum(significant) || significant < 1 || significant > 17 || !Number.isInteger(significant)) {
    issues.push({ code: "bad_significant", path: `${at}.significant`, message: "must be a whole number 1–17" });
  }
}

function checkColumn(c: unknown, i: number, issues: Issue[]): void {
  const path = `columns[${i}]`;
  if (!isObj(c) || typeof c["name"] !== "string") return void issues.push({ code: "bad_column", path, message: "must be an object with a name" });
  const at = `columns.${c["name"]}`;
  if (!isNum(c["nullRate"]) || c["nullRate"] < 0 || c["nullRate"] > 1)
    issues.push({ code: "bad_null_rate", path: `${at}.nullRate`, message: "must be a number in [0, 1]" });
  if (c["missing"] !== undefined && (typeof c["missing"] !== "string" || /[\r\n",]/.test(c["missing"])))
    issues.push({ code: "bad_missing", path: `${at}.missing`, message: "must be the text of a missing value, without quotes, commas or line breaks" });
  switch (c["kind"]) {
    case "continuous": {
      const { min, max, marginal, decimals } = c;
      if (!isNum(min) || !isNum(max) || min > max) issues.push({ code: "bad_range", path: `${at}.min`, message: "min and max must be numbers with min ≤ max" });
      if (!isNum(decimals) || decimals < 0 || decimals > 10 || !Number.isInteger(decimals))
        issues.push({ code: "bad_decimals", path: `${at}.decimals`, message: "must be a whole number 0–10" });
      checkSignificant(at, c["significant"], issues);
      if (typeof c["integer"] !== "boolean") issues.push({ code: "bad_integer", path: `${at}.integer`, message: "must be true or false" });
      checkMarginal(`${at}.marginal`, marginal, issues);
      if (c["datetimeFormat"] !== undefined && typeof c["datetimeFormat"] !== "string")
        issues.push({ code: "bad_format", path: `${at}.datetimeFormat`, message: "must be a string" });
      const season = c["season"];
      if (season !== undefined) {
        const ok =
          isObj(season) &&
          c["datetimeFormat"] !== undefined &&
          isNum(season["phase"]) &&
          season["phase"] >= 0 &&
          season["phase"] < 2 * Math.PI + 1e-9 &&
          isNum(season["min"]) &&
          isNum(season["max"]) &&
          season["min"] >= 0 &&
          season["min"] <= season["max"] &&
          season["max"] <= Math.PI + 1e-9;
        if (!ok)
          issues.push({ code: "bad_season", path: `${at}.season`, message: "must be {phase in [0, 2π), marginal, min ≤ max in [0, π]} on a datetime column" });
        else checkMarginal(`${at}.season.marginal`, season["marginal"], issues);
      }
      return;
    }
    case "discrete":
      checkSignificant(at, c["significant"], issues);
      if (!isNumArray(c["values"]) || c["values"].length === 0)
        return void issues.push({ code: "bad_values", path: `${at}.values`, message: "must be a non-empty list of numbers" });
      return checkProbabilities(`${at}.probabilities`, c["probabilities"], c["values"].length, issues);
    case "categorical":
      if (!isStrArray(c["values"]) || c["values"].length === 0)
        return void issues.push({ code: "bad_values", path: `${at}.values`, message: "must be a non-empty list of strings" });
      return checkProbabilities(`${at}.probabilities`, c["probabilities"], c["values"].length, issues);
    case "identifier": {
      const p = c["pattern"];
      const shape =
        isObj(p) &&
        p["type"] === "shape" &&
        isStrArray(p["positions"]) &&
        p["positions"].length > 0 &&
        p["positions"].length <= 1000 &&
        p["positions"].every((a) => a.length > 0);
      const ok =
        isObj(p) &&
        ((p["type"] === "integer" && isNum(p["start"])) ||
          (p["type"] === "template" && typeof p["prefix"] === "string" && typeof p["suffix"] === "string" && isNum(p["digits"])) ||
          shape);
      if (!ok)
        issues.push({
          code: "bad_pattern",
          path: `${at}.pattern`,
          message: "must be {type: integer, start}, {type: template, prefix, digits, suffix} or {type: shape, positions}",
        });
      return;
    }
    case "text":
      if (!isStrArray(c["words"]) || c["words"].length === 0 || !isNum(c["minWords"]) || !isNum(c["maxWords"]) || c["minWords"] > c["maxWords"]) {
        issues.push({ code: "bad_text", path: at, message: "text needs words and minWords ≤ maxWords" });
      }
      return;
    case "personal":
      if (!["email", "phone", "name", "first_name", "last_name"].includes(c["personal"] as string))
        issues.push({ code: "bad_personal", path: `${at}.personal`, message: "must be email, phone, name, first_name or last_name" });
      return;
    case "constant":
      if (c["value"] !== null && typeof c["value"] !== "string") issues.push({ code: "bad_value", path: `${at}.value`, message: "must be a string or null" });
      return;
    default:
      issues.push({ code: "bad_kind", path: `${at}.kind`, message: "must be continuous, discrete, categorical, identifier, text, personal or constant" });
  }
}

/**
 * Checks parsed JSON and returns it as a Model, or throws MODEL_VERSION / MODEL_INVALID.
 *
 * @example
 * const model = validateModel(JSON.parse(text), "model.json");
 */
export function validateModel(data: unknown, source = "the model"): Model {
  if (!isObj(data) || data["format"] !== MODEL_FORMAT) {
    throw new MimicError(
      "MODEL_INVALID",
      `${source} is not a mimic model (no "format": "${MODEL_FORMAT}"); create one with \`mimic fit data.csv --out model.json\`.`,
    );
  }
  if (!MODEL_FORMAT_VERSIONS.includes(data["version"] as number)) {
    throw new MimicError(
      "MODEL_VERSION",
      `${source} has model format version ${JSON.stringify(data["version"])}, this mimic reads versions ${MODEL_FORMAT_VERSIONS.join(" and ")} (writes ${MODEL_FORMAT_VERSION}); refit it with \`mimic fit\`.`,
    );
  }
  const issues: Issue[] = [];
  if (!isNum(data["rows"]) || data["rows"] < 1) issues.push({ code: "bad_rows", path: "rows", message: "must be a positive number" });
  const columns = data["columns"];
  if (!Array.isArray(columns) || columns.length === 0) issues.push({ code: "bad_columns", path: "columns", message: "must be a non-empty list" });
  else columns.forEach((c, i) => checkColumn(c, i, issues));
  const names = Array.isArray(columns) ? columns.map((c) => (isObj(c) ? c["name"] : undefined)) : [];
  if (new Set(names).size !== names.length) issues.push({ code: "duplicate_column", path: "columns", message: "column names must be unique" });
  const copula = data["copula"];
  if (!isObj(copula) || !isStrArray(copula["columns"]) || !Array.isArray(copula["correlation"])) {
    issues.push({ code: "bad_copula", path: "copula", message: "must have columns (names) and correlation (a matrix)" });
  } else if (issues.length === 0) {
    const model = data as unknown as Model;
    const expected = copulaCoordinates(model.columns);
    const k = expected.length;
    if (copula["columns"].length !== k || copula["columns"].some((n, i) => n !== expected[i])) {
      issues.push({
        code: "bad_copula",
        path: "copula.columns",
        message: `must list the continuous, discrete and categorical columns in order, then each <datetime>@season: ${expected.join(", ")}`,
      });
    }
    const m = copula["correlation"] as unknown[];
    const square = m.length === k && m.every((row) => isNumArray(row) && row.length === k);
    if (!square) issues.push({ code: "bad_correlation", path: "copula.correlation", message: `must be a ${k}×${k} matrix of numbers` });
    else {
      const r = m as number[][];
      const symmetric = r.every((row, i) => Math.abs(row[i]! - 1) < 1e-9 && row.every((x, j) => Math.abs(x - r[j]![i]!) < 1e-9 && x >= -1 && x <= 1));
      if (!symmetric)
        issues.push({ code: "bad_correlation", path: "copula.correlation", message: "must be symmetric with a unit diagonal and entries in [-1, 1]" });
      else if (k > 0 && !cholesky(r)) issues.push({ code: "bad_correlation", path: "copula.correlation", message: "must be positive definite" });
    }
    for (const c of model.columns) {
      if (c.kind !== "categorical" || c.shifts === undefined) continue;
      const ok =
        Array.isArray(c.shifts) &&
        c.shifts.length === c.values.length &&
        c.shifts.every((row) => isNumArray(row) && row.length === k && row.every((x) => Math.abs(x) <= 10));
      if (!ok)
        issues.push({
          code: "bad_shifts",
          path: `columns.${c.name}.shifts`,
          message: `must be ${c.values.length} lists (one per value) of ${k} numbers in [-10, 10]`,
        });
    }
    for (const c of model.columns) {
      if (c.kind !== "categorical" || c.drawShifts === undefined) continue;
      const d: unknown = c.drawShifts;
      const ok =
        model.version >= 5 &&
        c.shifts !== undefined &&
        model.method !== "cart" &&
        Array.isArray(d) &&
        d.length > 0 &&
        d.every((v, i) => Number.isInteger(v) && v >= 0 && v < c.values.length && (i === 0 || v > (d[i - 1] as number)));
      if (!ok)
        issues.push({
          code: "bad_shifts",
          path: `columns.${c.name}.drawShifts`,
          message: `must list ascending value indices below ${c.values.length}, in a version 5 or later copula model whose column has shifts`,
        });
    }
  }
  const privacy = data["privacy"];
  if (
    privacy !== undefined &&
    (!isObj(privacy) || typeof privacy["level"] !== "string" || !["bandwidth", "flatten", "shrink"].every((k) => isNum(privacy[k]) && privacy[k] >= 0))
  ) {
    issues.push({ code: "bad_privacy", path: "privacy", message: "must be {level, bandwidth, flatten, shrink} with non-negative numbers" });
  }
  if (data["constraints"] !== undefined) {
    if (data["version"] === 1)
      issues.push({ code: "bad_constraints", path: "constraints", message: "version 1 model files have no constraints; set version 2" });
    else if (issues.length === 0) checkConstraints(data["constraints"], data as unknown as Model, issues);
  }
  if (data["hierarchy"] !== undefined && issues.length === 0) checkHierarchy(data["hierarchy"], data as unknown as Model, issues);
  if (issues.length === 0) checkMethod(data, issues);
  if (!Array.isArray(data["notices"])) issues.push({ code: "bad_notices", path: "notices", message: "must be a list" });
  if (issues.length > 0)
    throw new MimicError("MODEL_INVALID", `${source} is not a valid model (${issues.length} problem(s)); refit it with \`mimic fit\` rather than editing it.`, {
      issues,
    });
  return data as unknown as Model;
}

/** Reads and validates a model file. */
export async function readModel(path: string): Promise<Model> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new MimicError("IO_UNREADABLE", `Cannot read the model file "${path}"; check the path.`, { cause });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    // JSON.parse quotes the text around the error, line breaks and all: keep only what went wrong.
    const what = (cause as Error).message.split(/[,\n]/)[0]!.trim();
    throw new MimicError(
      "MODEL_INVALID",
      `"${path}" is not JSON (${what}); give the model file \`mimic fit\` wrote, or create one with \`mimic fit data.csv --out model.json\`.`,
      { cause },
    );
  }
  return validateModel(data, `"${path}"`);
}

/** Writes a model atomically (temp file + rename): a failed write never leaves half a model. */
export async function writeModel(path: string, model: Model): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, JSON.stringify(model, null, 1) + "\n");
    await rename(tmp, path);
  } catch (cause) {
    throw new MimicError("IO_UNWRITABLE", `Cannot write the model to "${path}"; check the folder exists and is writable.`, { cause });
  }
}
