import { MimicError } from "../../errors/index.js";
import type { ReadScope, ReadToken } from "../domain/read-token.js";
import type { ReadTokenRegistry } from "../ports.js";
import { parseBearerToken } from "./authorization-header.js";
import { verifyAnyToken, type VerifiedAnyToken } from "./read-tokens.js";
import { SERVER_DEFAULTS } from "../defaults.js";

export interface ReadAuthenticatorOptions {
  /** How long a registry answer is reused, ms: a revocation takes effect within it (default 2,000, at most 5,000). */
  registryTtlMs?: number;
  /**
   * Hash of the server's own session token (the one in the URL `mimic serve` prints): valid for
   * this process's life without a registry entry, so a restart ends it.
   */
  sessionTokenHash?: string;
  maxCachedTokens?: number;
  now?: () => number;
}

interface Cached {
  value: ReadToken | undefined;
  until: number;
}

/**
 * Decides who may read (the query API, /metrics): a read token from `mimic tokens add`, or the
 * server's session token. A device token is refused with 403 (it only sends); a metrics token
 * reads only /metrics. Registry answers are cached for `registryTtlMs`, so a revocation made by
 * another process takes effect within that time.
 *
 * @example
 * const reads = new ReadAuthenticator(store, secret);
 * await reads.authorize(request.headers.authorization, "read");
 */
export class ReadAuthenticator {
  readonly #registry: ReadTokenRegistry;
  readonly #secret: Uint8Array;
  readonly #ttl: number;
  readonly #session: string | undefined;
  readonly #max: number;
  readonly #now: () => number;
  readonly #verified = new Map<string, VerifiedAnyToken>();
  readonly #records = new Map<string, Cached>();

  constructor(registry: ReadTokenRegistry, secret: Uint8Array, options: ReadAuthenticatorOptions = {}) {
    this.#registry = registry;
    this.#secret = secret;
    this.#ttl = Math.min(Math.max(options.registryTtlMs ?? SERVER_DEFAULTS.authCacheTtlMs, 0), SERVER_DEFAULTS.authCacheTtlMsLimit);
    this.#session = options.sessionTokenHash;
    this.#max = options.maxCachedTokens ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Resolves when the header's token may read `need`; throws the refusal (401/403) otherwise. */
  async authorize(header: string | readonly string[] | undefined, need: ReadScope): Promise<void> {
    const token = parseBearerToken(header);
    await this.authorizeToken(token, need);
  }

  /** As `authorize`, for a token that did not come in a header (the dashboard URL's cookie). */
  async authorizeToken(token: string, need: ReadScope): Promise<void> {
    const now = this.#now();
    let verified = this.#verified.get(token);
    if (verified === undefined) {
      verified = await verifyAnyToken(this.#secret, token, now);
      if (this.#verified.size >= this.#max) this.#verified.delete(this.#verified.keys().next().value!);
      this.#verified.set(token, verified);
    }
    if (verified.audience === "ingest") {
      throw new MimicError("AUTH_READ_FORBIDDEN", "This is a device token: it only sends readings. Read with a read token (`mimic tokens add --read`) or the URL `mimic serve` printed.");
    }
    if (verified.expiresAt !== null && verified.expiresAt <= now) throw new MimicError("AUTH_EXPIRED", "The read token has expired; issue a new one with `mimic tokens add --read`.");
    if (this.#session !== undefined && verified.tokenHash === this.#session) return;
    const record = await this.#record(verified.tokenHash, now);
    if (record === undefined) {
      throw new MimicError("AUTH_INVALID", "The read token is not in this server's registry (issued for another data dir, or a session token of an earlier `mimic serve`); use `mimic tokens add --read` or the URL this server printed.");
    }
    if (record.revokedAt !== null && record.revokedAt <= now) throw new MimicError("AUTH_REVOKED", `The read token "${record.name}" was revoked; issue a new one with \`mimic tokens add --read\`.`);
    if (record.expiresAt !== null && record.expiresAt <= now) throw new MimicError("AUTH_EXPIRED", `The read token "${record.name}" has expired; issue a new one with \`mimic tokens add --read\`.`);
    if (need === "read" && record.scope !== "read") {
      throw new MimicError("AUTH_READ_FORBIDDEN", `The token "${record.name}" is a metrics token: it reads /metrics only. Use a read token (\`mimic tokens add --read\`) for readings.`);
    }
  }

  /** Forgets registry answers (after a local revoke, so it applies at once in this process). */
  invalidate(): void {
    this.#records.clear();
  }

  async #record(hash: string, now: number): Promise<ReadToken | undefined> {
    const hit = this.#records.get(hash);
    if (hit !== undefined && hit.until > now) return hit.value;
    let value: ReadToken | undefined;
    try {
      value = await this.#registry.findReadToken(hash);
    } catch (cause) {
      throw new MimicError("INGEST_UNAVAILABLE", "The token registry cannot be read right now; retry shortly.", { cause, retryAfterMs: 1000 });
    }
    if (this.#records.size >= this.#max) this.#records.delete(this.#records.keys().next().value!);
    this.#records.set(hash, { value, until: now + this.#ttl });
    return value;
  }
}
