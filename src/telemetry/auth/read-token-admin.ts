import { randomBytes } from "node:crypto";
import { MimicError } from "../../errors/index.js";
import { READ_TOKEN_NAME, type ReadScope, type ReadToken } from "../domain/read-token.js";
import type { ReadTokenRegistry } from "../ports.js";
import { MAX_TOKEN_LIFETIME_MS } from "./device-admin.js";
import { issueReadToken } from "./read-tokens.js";

/** What `mimic tokens add` returns: the token is shown once, then only its hash exists. */
export interface ReadTokenWithSecret {
  record: ReadToken;
  token: string;
}

/**
 * Issues a read token (scope `read`: the query API and /metrics; `metrics`: /metrics only) and
 * registers its hash under a unique name (default `read-<random>` / `metrics-<random>`).
 *
 * @example
 * const { token } = await addReadToken(store, secret, { scope: "read", name: "grafana", now: Date.now() });
 */
export async function addReadToken(registry: ReadTokenRegistry, secret: Uint8Array, options: { scope: ReadScope; name?: string; now: number; expiresInMs?: number }): Promise<ReadTokenWithSecret> {
  const name = options.name ?? `${options.scope}-${randomBytes(4).toString("hex")}`;
  if (!READ_TOKEN_NAME.test(name)) throw new MimicError("CLI_BAD_FLAG", "--name must be 1–64 letters, digits or . _ : @ - starting with a letter or digit, e.g. --name grafana.");
  if (options.expiresInMs !== undefined && !(options.expiresInMs >= 1000 && options.expiresInMs <= MAX_TOKEN_LIFETIME_MS)) {
    throw new MimicError("CLI_BAD_FLAG", `--expires must be from 1s to ${MAX_TOKEN_LIFETIME_MS / 86_400_000}d.`);
  }
  const { token, record } = await issueReadToken(secret, { name, scope: options.scope, now: options.now, ...(options.expiresInMs === undefined ? {} : { expiresInMs: options.expiresInMs }) });
  await registry.addReadToken(record);
  return { token, record };
}
