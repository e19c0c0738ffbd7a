/** What a code means everywhere it can surface. */
export interface ErrorCodeSpec {
  /** HTTP status when it reaches a client over HTTP. */
  status: number;
  /** Process exit code when it ends a CLI command (default: 2 for 4xx, 1 for 5xx). */
  exitCode?: number;
  /** Whether trying the same thing again later can succeed. */
  retryable?: boolean;
  /** One line for docs/errors.md: when it happens and what to do. */
  description: string;
}

/** Keeps each area's table typed while letting its keys stay literal. */
export function defineCodes<const T extends Record<string, ErrorCodeSpec>>(codes: T): T {
  return codes;
}
