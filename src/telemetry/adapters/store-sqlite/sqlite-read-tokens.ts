// Read tokens on the same SQLite file as the device registry; short transactions, nothing cached.
import type { Database, Statement } from "better-sqlite3";
import type { ReadScope, ReadToken } from "../../domain/read-token.js";
import { assertReadToken, readTokenExists, readTokenNotFound } from "../internal/read-token-checks.js";

interface ReadTokenRecord {
  name: string;
  scope: string;
  token_hash: string;
  issued_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

function toReadToken(r: ReadTokenRecord): ReadToken {
  return { name: r.name, scope: r.scope as ReadScope, tokenHash: r.token_hash, issuedAt: r.issued_at, expiresAt: r.expires_at, revokedAt: r.revoked_at };
}

/** Synchronous read-token operations over one connection; SqliteStore wraps them in promises. */
export class SqliteReadTokens {
  readonly #insert: Statement;
  readonly #list: Statement<[], ReadTokenRecord>;
  readonly #revoke: Statement;
  readonly #find: Statement<[string], ReadTokenRecord>;

  constructor(db: Database) {
    this.#insert = db.prepare("INSERT OR IGNORE INTO read_tokens (name, scope, token_hash, issued_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)");
    this.#list = db.prepare("SELECT * FROM read_tokens ORDER BY name");
    // A token already ending earlier keeps its earlier end: revoking never extends a token's life.
    this.#revoke = db.prepare("UPDATE read_tokens SET revoked_at = CASE WHEN revoked_at IS NULL OR revoked_at > @at THEN @at ELSE revoked_at END WHERE name = @name");
    this.#find = db.prepare("SELECT * FROM read_tokens WHERE token_hash = ?");
  }

  add(t: ReadToken): void {
    assertReadToken(t);
    // Both the name and the hash are unique: a clash on either inserts nothing.
    if (this.#insert.run(t.name, t.scope, t.tokenHash, t.issuedAt, t.expiresAt, t.revokedAt).changes === 0) throw readTokenExists(t.name);
  }

  list(): ReadToken[] {
    return this.#list.all().map(toReadToken);
  }

  revoke(name: string, at: number): void {
    if (this.#revoke.run({ name, at }).changes === 0) throw readTokenNotFound(name);
  }

  find(tokenHash: string): ReadToken | undefined {
    const r = this.#find.get(tokenHash);
    return r ? toReadToken(r) : undefined;
  }
}
