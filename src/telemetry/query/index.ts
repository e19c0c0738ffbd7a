// Query: parameters → bounded store query → JSON or CSV, shared by the HTTP API and `mimic query`.
export {
  DEFAULT_QUERY_LIMITS,
  parseReadingQuery,
  parseTime,
  type ParsedReadingQuery,
  type QueryFormat,
  type QueryLimits,
  STREAMED_QUERY_LIMITS,
} from "./parse-reading-query.js";
export { csvReadingLine, isBucketRows, jsonReadingItems, readingsToCsv, readingsToJson, type QueryAnswer } from "./format-readings.js";
export { runReadingQuery } from "./run-reading-query.js";
export {
  openReadingStream,
  readingPages,
  STREAM_PAGE_ROWS,
  streamedFields,
  streamReadingsCsv,
  streamReadingsJson,
  type ReadingStream,
  type TextSink,
} from "./stream-readings.js";
