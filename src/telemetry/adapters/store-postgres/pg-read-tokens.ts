// Read tokens in PostgreSQL, beside the device registry: shared by every server on one database.
import type { Pool } from "pg";
import type { ReadScope, ReadToken } from "../../domain/read-token.js";
import { assertReadToken, readTokenExists, readTokenNotFound } from "../internal/read-token-checks.js";
import type { PgNames } from "./pg-schema.js";

interface ReadTokenRecord { name: string; scope: string; token_hash: string; issued_at: string; expires_at: string | null; revoked_at: string | null }

const num = (v: string | null): number | null => (v === null ? null : Number(v));
function toReadToken(r: ReadTokenRecord): ReadToken {
  return { name: r.name, scope: r.scope as ReadScope, tokenHash: r.token_hash, issuedAt: Number(r.issued_at), expiresAt: num(r.expires_at), revokedAt: num(r.revoked_at) };
}

export class PgReadTokens {
  readonly #pool: Pool;
  readonly #n: PgNames;

  constructor(pool: Pool, names: PgNames) {
    this.#pool = pool;
    this.#n = names;
  }

  async add(t: ReadToken): Promise<void> {
    assertReadToken(t);
    // Both the name and the hash are unique: a clash on either inserts nothing.
    const r = await this.#pool.query(`INSERT INTO ${this.#n.readTokens} (name, scope, token_hash, issued_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [t.name, t.scope, t.tokenHash, t.issuedAt, t.expiresAt, t.revokedAt]);
    if (r.rowCount === 0) throw readTokenExists(t.name);
  }

  async list(): Promise<ReadToken[]> {
    const r = await this.#pool.query<ReadTokenRecord>(`SELECT * FROM ${this.#n.readTokens} ORDER BY name COLLATE "C"`);
    return r.rows.map(toReadToken);
  }

  async revoke(name: string, at: number): Promise<void> {
    // A token already ending earlier keeps its earlier end: revoking never extends a token's life.
    const r = await this.#pool.query(`UPDATE ${this.#n.readTokens} SET revoked_at = LEAST(COALESCE(revoked_at, $2::bigint), $2::bigint) WHERE name = $1`, [name, at]);
    if (r.rowCount === 0) throw readTokenNotFound(name);
  }

  async find(tokenHash: string): Promise<ReadToken | undefined> {
    const r = await this.#pool.query<ReadTokenRecord>(`SELECT * FROM ${this.#n.readTokens} WHERE token_hash = $1`, [tokenHash]);
    return r.rows[0] ? toReadToken(r.rows[0]) : undefined;
  }
}
