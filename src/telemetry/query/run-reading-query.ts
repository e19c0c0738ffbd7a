import { isMimicError, MimicError } from "../../errors/index.js";
import type { TelemetryStore } from "../ports.js";
import type { QueryAnswer } from "./format-readings.js";
import type { ParsedReadingQuery } from "./parse-reading-query.js";

/**
 * Runs a parsed query against the store, asking for one row more than the limit so that an
 * answer that would be cut is refused (QUERY_TOO_MANY_ROWS) rather than silently truncated.
 */
export async function runReadingQuery(store: TelemetryStore, parsed: ParsedReadingQuery): Promise<QueryAnswer> {
  const { query } = parsed;
  let rows: QueryAnswer["rows"];
  try {
    rows = await store.queryReadings({ ...query, limit: query.limit + 1 });
  } catch (error) {
    if (isMimicError(error) && error.status < 500) throw error;
    throw new MimicError("QUERY_UNAVAILABLE", "The store cannot answer queries right now; retry shortly.", { cause: error, retryAfterMs: 1000 });
  }
  if (rows.length > query.limit) {
    throw new MimicError(
      "QUERY_TOO_MANY_ROWS",
      `The answer has more than ${query.limit} rows; narrow from/to, filter by device and type, or downsample with bucket=<seconds>.`,
    );
  }
  const answer: QueryAnswer = { rows, bucketed: query.bucketSeconds !== undefined };
  if (query.kind !== undefined) answer.kind = query.kind;
  return answer;
}
