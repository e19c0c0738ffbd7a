// Loading generated tables into databases: PostgreSQL (COPY), SQLite (prepared inserts) and SQL
// scripts for either. Above synth (it takes a CompiledDatabase's batches), below the CLI.
import type { CompiledDatabase } from "../synth/schema/index.js";
import { redact } from "./postgres.js";
import { startDatabaseTarget } from "./start.js";
import type { DatabaseTarget } from "./target.js";

export { openSqlScript } from "./sql-script.js";
export { connectPostgres } from "./postgres.js";
export { parseTarget, type DatabaseTarget } from "./target.js";
export { startDatabaseTarget, type StartedTarget } from "./start.js";
export type { Dialect } from "./ddl.js";

/** For the summary line: the URL without password, or the SQLite file. */
export function describeTarget(url: string): string {
  return /^sqlite:/i.test(url) ? url.slice("sqlite:".length) : redact(url);
}

/**
 * Creates the tables of `database` at `url` (refusing existing ones unless `replace`) and returns
 * a writer per table; `finish` adds keys and commits, `cleanup` rolls everything back.
 */
export async function openDatabaseTarget(url: string, database: CompiledDatabase, options: { replace: boolean; cwd: string }): Promise<DatabaseTarget> {
  return startDatabaseTarget(url, options.cwd).open(database, options.replace);
}
