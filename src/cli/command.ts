import type { Writable } from "node:stream";

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Resolves when the user asks the process to stop (SIGINT/SIGTERM). */
  signal: AbortSignal;
}

/** One `mimic <name>` command. Files in src/cli/ export one each; they stay thin over public APIs. */
export interface Command {
  name: string;
  /** One line for `mimic --help`. */
  summary: string;
  /** Full `mimic <name> --help` text: usage, options with defaults and bounds, examples. */
  help: string;
  /** Runs the command; returns the exit code. Throws MimicError for bad input. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
