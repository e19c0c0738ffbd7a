import { MimicError, type Issue } from "../../errors/index.js";
import type { ReadingQuery } from "../ports.js";
import { parseSensorKind } from "../../sensors/sensor-kinds.js";

export type QueryFormat = "json" | "csv";

/** Bounds of the query API, documented in docs/telemetry.md. */
export interface QueryLimits {
  /** Longest range without `bucket`, seconds. Default 31 days. */
  maxRangeSeconds: number;
  /** Longest range with `bucket`, seconds. Default 366 days. */
  maxBucketedRangeSeconds: number;
  /** Most rows (readings or buckets) in one answer. Default 100,000. */
  maxRows: number;
  /** Most raw readings (and largest `limit`) when they differ from `maxRows`: streamed answers have none. */
  maxReadings?: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxRangeSeconds: 31 * 86_400, maxBucketedRangeSeconds: 366 * 86_400, maxRows: 100_000 };

/**
 * Bounds of answers written a page at a time (`mimic query`, `GET /v1/export`): raw readings of any
 * range, any number; buckets, which are still answered whole, keep the bounds of /v1/readings.
 */
export const STREAMED_QUERY_LIMITS: QueryLimits = { ...DEFAULT_QUERY_LIMITS, maxRangeSeconds: Number.POSITIVE_INFINITY, maxReadings: Number.POSITIVE_INFINITY };

export interface ParsedReadingQuery {
  query: ReadingQuery;
  format: QueryFormat;
}

/**
 * Parses a time as ISO 8601 (`2019-05-11T14:31:30Z`) or epoch seconds (`1557585090.5`);
 * returns epoch seconds, or undefined when it is neither.
 */
export function parseTime(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) return undefined;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

/** The parameters `GET /v1/readings` knows; any other (a typo such as `devcie`, or `device[]`) is refused. */
export const READING_QUERY_PARAMETERS = ["device", "sensor", "type", "from", "to", "bucket", "format", "limit"] as const;

/**
 * Validates the query parameters of `GET /v1/readings` (and `mimic query`): device, sensor or type
 * (a sensor kind: each device carries at most one sensor of each kind), from, to (default: now),
 * bucket (seconds), format (json|csv), limit. Every problem is reported at once as QUERY_INVALID;
 * ranges past the bounds are QUERY_RANGE_TOO_LARGE. An unknown parameter is a problem too: a
 * mistyped filter must not widen the answer to every device.
 *
 * @example
 * parseReadingQuery({ device: "rp1", type: "DHT22", from: "2019-05-09T00:00:00Z", to: "2019-05-12T00:00:00Z" }, Date.now());
 */
export function parseReadingQuery(
  params: Readonly<Record<string, string | readonly string[] | undefined>>,
  nowMs: number,
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
  /** Whose words the hints use: the HTTP API's (`bucket=3600`) or `mimic query`'s (`--bucket 3600`). */
  surface: "http" | "cli" = "http",
): ParsedReadingQuery {
  const issues: Issue[] = [];
  const query: ReadingQuery = { from: 0, to: nowMs / 1000, limit: limits.maxRows };
  // A parameter given twice (?from=1&from=2) arrives as an array: refuse it rather than guess.
  const single: Record<string, string | undefined> = {};
  const repeated = new Set<string>();
  for (const name of Object.keys(params)) {
    if (!(READING_QUERY_PARAMETERS as readonly string[]).includes(name) && params[name] !== undefined) {
      const shown = name.length > 32 ? `${name.slice(0, 32)}…` : name;
      issues.push({
        code: "unknown_parameter",
        path: shown,
        message: `"${shown}" is not a query parameter; use ${READING_QUERY_PARAMETERS.join(", ")} (each at most once).`,
      });
    }
  }
  for (const name of READING_QUERY_PARAMETERS) {
    const value = params[name];
    if (typeof value === "string" || value === undefined) single[name] = value;
    else {
      repeated.add(name);
      issues.push({ code: "repeated", path: name, message: `${name} is given ${value.length} times; give it once.` });
    }
  }
  const { device, sensor, type, from, to, bucket, format, limit } = single;
  if (device !== undefined && device !== "") {
    if (device.length > 64) issues.push({ code: "too_long", path: "device", message: "device must be at most 64 characters." });
    else query.device = device;
  }
  for (const [name, text] of [
    ["type", type],
    ["sensor", sensor],
  ] as const) {
    if (text === undefined || text === "") continue;
    const kind = parseSensorKind(text);
    if (kind === undefined)
      issues.push({ code: "unknown_kind", path: name, message: `${name} must be DHT22, PIR or LIGHT (or a seed label such as Onyehn_PIR).` });
    else if (query.kind !== undefined && query.kind !== kind)
      issues.push({ code: "conflict", path: name, message: `sensor and type name different sensor kinds (${query.kind}, ${kind}); give one of them.` });
    else query.kind = kind;
  }
  if (repeated.has("from")) {
    // Reported above.
  } else if (from === undefined || from === "") {
    issues.push({ code: "required", path: "from", message: "from is required: ISO 8601 (2019-05-09T00:00:00Z) or epoch seconds." });
  } else {
    const t = parseTime(from);
    if (t === undefined)
      issues.push({ code: "invalid_format", path: "from", message: "from must be ISO 8601 (2019-05-09T00:00:00Z) or epoch seconds (1557360000)." });
    else query.from = t;
  }
  if (to !== undefined && to !== "") {
    const t = parseTime(to);
    if (t === undefined) issues.push({ code: "invalid_format", path: "to", message: "to must be ISO 8601 or epoch seconds." });
    else query.to = t;
  }
  if (bucket !== undefined && bucket !== "") {
    const b = Number(bucket);
    if (!Number.isInteger(b) || b < 1 || b > 31 * 86_400)
      issues.push({ code: "out_of_range", path: "bucket", message: "bucket must be a whole number of seconds from 1 to 2678400 (31 days)." });
    else query.bucketSeconds = b;
  }
  const maxLimit = query.bucketSeconds === undefined ? (limits.maxReadings ?? limits.maxRows) : limits.maxRows;
  query.limit = maxLimit;
  if (limit !== undefined && limit !== "") {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > maxLimit)
      issues.push({
        code: "out_of_range",
        path: "limit",
        message: Number.isFinite(maxLimit) ? `limit must be a whole number from 1 to ${maxLimit}.` : "limit must be a whole number of at least 1.",
      });
    else query.limit = n;
  }
  const fmt = format === undefined || format === "" ? "json" : format;
  if (fmt !== "json" && fmt !== "csv") issues.push({ code: "invalid_value", path: "format", message: "format must be json or csv." });
  if (issues.length === 0 && query.from >= query.to) issues.push({ code: "empty_range", path: "from", message: "from must be before to." });
  if (issues.length > 0)
    throw new MimicError(
      "QUERY_INVALID",
      `The query is invalid (${issues.length === 1 ? "1 problem" : `${issues.length} problems`}): ${issues.map((i) => i.message).join(" ")}`,
      { issues },
    );

  const range = query.to - query.from;
  const max = query.bucketSeconds === undefined ? limits.maxRangeSeconds : limits.maxBucketedRangeSeconds;
  if (range > max) {
    const [bucketName, addBucket, narrow] = surface === "cli" ? ["--bucket", "--bucket 3600", "--from/--to"] : ["bucket", "bucket=3600", "from/to"];
    throw new MimicError(
      "QUERY_RANGE_TOO_LARGE",
      `The range is ${Math.ceil(range / 86_400)} days; the limit is ${max / 86_400} days${query.bucketSeconds === undefined ? ` without ${bucketName} (add ${addBucket} to downsample)` : ""}. Narrow ${narrow}.`,
    );
  }
  if (query.bucketSeconds !== undefined && range / query.bucketSeconds > limits.maxRows) {
    throw new MimicError("QUERY_TOO_MANY_ROWS", `The range holds more than ${limits.maxRows} buckets of ${query.bucketSeconds} s; use a larger bucket.`);
  }
  return { query, format: fmt as QueryFormat };
}
