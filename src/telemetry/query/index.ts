// Query: parameters → bounded store query → JSON or CSV, shared by the HTTP API and `mimic query`.
export { DEFAULT_QUERY_LIMITS, parseReadingQuery, parseTime, type ParsedReadingQuery, type QueryFormat, type QueryLimits } from "./parse-reading-query.js";
export { isBucketRows, readingsToCsv, readingsToJson, type QueryAnswer } from "./format-readings.js";
export { runReadingQuery } from "./run-reading-query.js";
