import { ERROR_CODES, type ErrorCode, type ErrorCodeSpec } from "./codes/index.js";

/** One problem in an input, as data: a client can fix every problem at once. */
export interface Issue {
  /** Stable machine code of the problem, e.g. `too_small`. */
  code: string;
  /** Where the problem is: `tables.sales.columns.price.min`, `data.humidity`, `--rows`. */
  path: string;
  /** What is wrong and what to do about it. */
  message: string;
}

export interface MimicErrorOptions {
  cause?: unknown;
  issues?: readonly Issue[];
  /** Overrides the code's default retryability (e.g. a store that is down vs. one that refused). */
  retryable?: boolean;
  retryAfterMs?: number;
}

/**
 * The one error base of mimic: a stable code, the HTTP status and the CLI exit code it maps to,
 * whether retrying can help, and the cause. Messages never contain secrets or raw payloads.
 *
 * @example
 * throw new MimicError("CLI_BAD_FLAG", "--rows must be a whole number ≥ 0, got \"abc\"; try --rows 1000");
 */
export class MimicError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly exitCode: number;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly issues: readonly Issue[];

  constructor(code: ErrorCode, message: string, options: MimicErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const spec: ErrorCodeSpec = ERROR_CODES[code];
    this.name = "MimicError";
    this.code = code;
    this.status = spec.status;
    this.exitCode = spec.exitCode ?? (spec.status < 500 ? 2 : 1);
    this.retryable = options.retryable ?? spec.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.issues = options.issues ?? [];
  }

  /** The JSON shape every HTTP error body and `--json` CLI error uses. */
  toJSON(): { code: string; message: string; issues: readonly Issue[] } {
    return { code: this.code, message: this.message, issues: this.issues };
  }
}

export function isMimicError(value: unknown): value is MimicError {
  return value instanceof MimicError;
}
