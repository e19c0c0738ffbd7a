import type { FastifyInstance } from "fastify";
import { MimicError, type Issue } from "../../errors/index.js";
import type { SensorKind } from "../../sensors/reading.js";
import { SENSOR_FIELDS, SENSOR_KINDS } from "../../sensors/sensor-fields.js";
import type { BucketRow, TelemetryStore } from "../../telemetry/ports.js";
import { DEFAULT_QUERY_LIMITS, parseTime, type QueryLimits } from "../../telemetry/query/index.js";
import { deviceIssues, singleParams } from "./query-params.js";
import { readGuard, type ReadAccess } from "./read-guard.js";

/** Pixel columns a chart may ask for: a 4K screen's width is the most a panel can show. */
export const MAX_SERIES_WIDTH = 4096;
const DEFAULT_WIDTH = 1000;

/** One field of one sensor over the range: per column, the mean, min and max of its readings. */
export interface SeriesField {
  mean: number[];
  min: number[];
  max: number[];
}

/** Columnar, as uPlot draws it: `t[i]` (column start, epoch seconds) goes with every field's `[i]`. */
export interface SensorSeries {
  t: number[];
  count: number[];
  fields: Record<string, SeriesField>;
}

export interface SeriesAnswer {
  success: true;
  device: string;
  from: number;
  to: number;
  width: number;
  /** Width of one column, seconds. */
  bucketSeconds: number;
  sensors: Partial<Record<SensorKind, SensorSeries>>;
}

/**
 * `GET /v1/series?device=<id>&from=<time>&to=<time>&width=<columns>`: one device's readings over a
 * range, reduced to `width` columns, each the mean/min/max of the readings that fall in it (booleans
 * as the share of true), so a spike stays in its column's max. This is the one reduction every
 * chart of the dashboard draws from. The store aggregates (SQL `GROUP BY` over the indexed range), so
 * any range costs memory for `width` rows per kind, never for its readings, and PostgreSQL sends
 * columns, not rows; reducing the raw readings here instead cost 1.2–1.9× the CPU for a week and
 * memory per reading (`npm run bench -- series-reduce`, docs/benchmarks.md "Dashboard speed").
 */
export function registerSeriesRoute(
  app: FastifyInstance,
  deps: { store: TelemetryStore; now: () => number; limits?: QueryLimits; readAccess: ReadAccess },
): void {
  const limits = deps.limits ?? DEFAULT_QUERY_LIMITS;
  app.get("/v1/series", { onRequest: readGuard(deps.readAccess, "read") }, async (request, reply) => {
    const q = parseSeriesQuery(singleParams("/v1/series", request.query, ["device", "from", "to", "width"]), deps.now(), limits);
    const bucketSeconds = Math.max(1, Math.ceil((q.to - q.from) / q.width));
    const rows = await bucketsPerKind(deps.store, q, bucketSeconds);
    const answer: SeriesAnswer = { success: true, device: q.device, from: q.from, to: q.to, width: q.width, bucketSeconds, sensors: toColumns(rows) };
    return reply.header("cache-control", "no-store").send(answer);
  });
}

/**
 * One bucketed query per sensor kind, not one over every kind: each reads one contiguous key range
 * (device, kind, ts) and aggregates only its kind's fields, where a query over all kinds aggregated
 * every field column of every row (most of them null): 0.68–0.73 of the store's time for a week.
 */
async function bucketsPerKind(store: TelemetryStore, q: SeriesQuery, bucketSeconds: number): Promise<BucketRow[]> {
  const perKind = await Promise.all(
    SENSOR_KINDS.map(
      (kind) => store.queryReadings({ device: q.device, kind, from: q.from, to: q.to, bucketSeconds, limit: q.width + 2 }) as Promise<BucketRow[]>,
    ),
  );
  return perKind.flat();
}

interface SeriesQuery {
  device: string;
  from: number;
  to: number;
  width: number;
}

/** Validates the parameters; every problem at once (QUERY_INVALID), a range past the bucketed bound is QUERY_RANGE_TOO_LARGE. */
export function parseSeriesQuery(p: Record<string, string | undefined>, nowMs: number, limits: QueryLimits): SeriesQuery {
  const issues: Issue[] = deviceIssues(p["device"], true);
  const to = p["to"] === undefined ? nowMs / 1000 : parseTime(p["to"]);
  const from = p["from"] === undefined ? undefined : parseTime(p["from"]);
  if (p["from"] === undefined) issues.push({ code: "required", path: "from", message: "Give the start: ISO 8601 or epoch seconds." });
  else if (from === undefined) issues.push({ code: "invalid_time", path: "from", message: "Use ISO 8601 (2019-05-11T14:31:30Z) or epoch seconds." });
  if (to === undefined) issues.push({ code: "invalid_time", path: "to", message: "Use ISO 8601 (2019-05-11T14:31:30Z) or epoch seconds." });
  if (from !== undefined && to !== undefined && !(from < to)) issues.push({ code: "empty_range", path: "from", message: "from must be before to." });
  const width = p["width"] === undefined ? DEFAULT_WIDTH : Number(p["width"]);
  if (!Number.isInteger(width) || width < 1 || width > MAX_SERIES_WIDTH)
    issues.push({ code: "invalid_width", path: "width", message: `width is a whole number of pixel columns, 1 to ${MAX_SERIES_WIDTH}.` });
  if (issues.length > 0) throw new MimicError("QUERY_INVALID", "/v1/series needs device, from, optional to and width; see docs/dashboard.md.", { issues });
  if (to! - from! > limits.maxBucketedRangeSeconds)
    throw new MimicError("QUERY_RANGE_TOO_LARGE", `/v1/series covers at most ${limits.maxBucketedRangeSeconds / 86_400} days; narrow from/to.`);
  return { device: p["device"]!, from: from!, to: to!, width };
}

/** Bucket rows (ordered by bucket within each kind) → one columnar series per sensor kind. */
function toColumns(rows: readonly BucketRow[]): Partial<Record<SensorKind, SensorSeries>> {
  const out: Partial<Record<SensorKind, SensorSeries>> = {};
  for (const row of rows) {
    let series = out[row.kind];
    if (series === undefined) {
      const fields: Record<string, SeriesField> = {};
      for (const f of SENSOR_FIELDS[row.kind]) fields[f.name] = { mean: [], min: [], max: [] };
      series = out[row.kind] = { t: [], count: [], fields };
    }
    series.t.push(row.bucket);
    series.count.push(row.count);
    for (const [name, column] of Object.entries(series.fields)) {
      const agg = row.fields[name];
      column.mean.push(agg?.mean ?? Number.NaN);
      column.min.push(agg?.min ?? Number.NaN);
      column.max.push(agg?.max ?? Number.NaN);
    }
  }
  return out;
}
