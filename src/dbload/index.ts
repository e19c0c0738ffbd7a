// Loading generated tables into databases: PostgreSQL (COPY), SQLite (prepared inserts) and SQL
// scripts for either. Above synth (it takes a CompiledDatabase's batches), below the CLI.
import { resolve } from "node:path";
import type { CompiledDatabase } from "../synth/schema/index.js";
import { MimicError } from "../errors/index.js";
import { openPostgres, redact } from "./postgres.js";
import { openSqlite } from "./sqlite.js";
import type { DatabaseTarget } from "./target.js";

export { openSqlScript } from "./sql-script.js";
export { connectPostgres } from "./postgres.js";
export type { DatabaseTarget } from "./target.js";
export type { Dialect } from "./ddl.js";

/** `postgres://…` / `postgresql://…` or `sqlite:FILE`; anything else is refused with the two forms. */
export function parseTarget(url: string, cwd: string): { kind: "postgres"; url: string } | { kind: "sqlite"; path: string } {
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: "postgres", url };
  if (/^sqlite:/i.test(url) && url.length > "sqlite:".length) return { kind: "sqlite", path: resolve(cwd, url.slice("sqlite:".length)) };
  throw new MimicError("CLI_BAD_FLAG", `--to must be postgres://user@host:5432/db (optionally ?schema=NAME) or sqlite:FILE, got "${url}".`);
}

/** For the summary line: the URL without password, or the SQLite file. */
export function describeTarget(url: string): string {
  return /^sqlite:/i.test(url) ? url.slice("sqlite:".length) : redact(url);
}

/**
 * Creates the tables of `database` at `url` (refusing existing ones unless `replace`) and returns
 * a writer per table; `finish` adds keys and commits, `cleanup` rolls everything back.
 */
export async function openDatabaseTarget(url: string, database: CompiledDatabase, options: { replace: boolean; cwd: string }): Promise<DatabaseTarget> {
  const target = parseTarget(url, options.cwd);
  return target.kind === "postgres" ? openPostgres(target.url, database, options.replace) : openSqlite(target.path, database, options.replace);
}
