/**
 * What a read token may read: `read` the query API and `/metrics`; `metrics` only `/metrics` (for
 * a Prometheus scraper, which needs no readings).
 */
export type ReadScope = "read" | "metrics";

/** One issued read token, by the hash of its unique id (`jti`) — never the token itself. */
export interface ReadToken {
  /** Unique name the operator chose (or mimic made up), for `mimic tokens list/revoke`. */
  name: string;
  scope: ReadScope;
  /** SHA-256 (hex) of the token's `jti`; the raw token is shown once and never stored. */
  tokenHash: string;
  issuedAt: number; // epoch ms
  /** Epoch ms, or null for no expiry. */
  expiresAt: number | null;
  /** Epoch ms from which the token no longer works, or null. */
  revokedAt: number | null;
}

/** Names of read tokens: 1–64 letters, digits or `. _ : @ -`, starting with a letter or digit. */
export const READ_TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;
