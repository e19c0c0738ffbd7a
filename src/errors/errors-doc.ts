import { ERROR_CODES, type ErrorCodeSpec } from "./codes/index.js";

/** Renders docs/errors.md from the registry, so the table can never drift from the code. */
export function renderErrorsDoc(): string {
  const rows = Object.entries(ERROR_CODES)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, spec]: [string, ErrorCodeSpec]) => {
      const exit = spec.exitCode ?? (spec.status < 500 ? 2 : 1);
      const retry = spec.retryable === true ? "yes" : "no";
      return `| \`${code}\` | ${spec.status} | ${exit} | ${retry} | ${spec.description} |`;
    });
  return [
    "# Error codes",
    "",
    "Every error mimic reports carries one of these stable codes. Over HTTP the body is",
    '`{"success": false, "error": {"code", "message", "issues": [{"code", "path", "message"}]}}`; on the',
    "CLI the message goes to stderr and the process exits with the exit code below.",
    "",
    "Generated from `src/errors/codes/` by `npm run docs:errors`; a test fails when this file is stale.",
    "",
    "| code | HTTP status | exit code | retryable | when, and what to do |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}
