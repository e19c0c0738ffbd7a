// What `mimic devices` and `mimic tokens` share: both act on the registry of one data dir or store
// with a sub-command, an optional token lifetime, and times shown as ISO dates.
import { MimicError, type Issue } from "../../errors/index.js";
import { resolveStoreLocation, throwIfIssues } from "../../server/index.js";
import { MAX_TOKEN_LIFETIME_MS } from "../../telemetry/auth/index.js";
import type { CliIo } from "../command.js";
import { parseDurationMs, stringFlag, type ParsedFlags } from "./flags.js";

/** A time in ms as an ISO date, or "never" (a token that never expires, a device never seen). */
export function isoOrNever(ms: number | null): string {
  return ms === null ? "never" : new Date(ms).toISOString();
}

/** The sub-command (`add`, `list`, …) of `command`, refused with the list when missing or unknown. */
export function actionOf<A extends string>(command: string, actions: readonly A[], action: string | undefined): A {
  if (action === undefined || !(actions as readonly string[]).includes(action))
    throw new MimicError(
      "CLI_MISSING_ARGUMENT",
      `Say what to do: mimic ${command} ${actions.join("|")}${action === undefined ? "" : ` (got "${action}")`}; see \`mimic ${command} --help\`.`,
    );
  return action as A;
}

/** `--expires` as ms (1 s to 100 years), or undefined for a token that never expires. */
export function expiresFlag(flags: ParsedFlags): number | undefined {
  const raw = stringFlag(flags, "expires");
  const ms = raw === undefined ? undefined : parseDurationMs("--expires", raw, 0);
  if (ms !== undefined && (ms < 1000 || ms > MAX_TOKEN_LIFETIME_MS))
    throw new MimicError(
      "CLI_BAD_FLAG",
      `--expires must be from 1s to ${MAX_TOKEN_LIFETIME_MS / 86_400_000}d (100 years), e.g. --expires 90d; leave it out for a token that never expires.`,
    );
  return ms;
}

/** The data dir or store the registry lives in (`--data-dir`, `--store`, their env defaults). */
export function registryLocation(flags: ParsedFlags, io: CliIo, command: string): ReturnType<typeof resolveStoreLocation> {
  const issues: Issue[] = [];
  const location = resolveStoreLocation({ "data-dir": stringFlag(flags, "data-dir"), store: stringFlag(flags, "store") }, io.env, io.cwd, issues);
  throwIfIssues(issues, command);
  return location;
}
