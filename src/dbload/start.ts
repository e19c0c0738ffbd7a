// Starting a load's connection before its tables are known. A run compiles its schema (~0.2 s)
// and makes its first family chunk (0.3–0.5 s, cold) before it has rows to send; PostgreSQL's
// connection (a thread that loads the driver and connects, ~0.1–0.3 s) and the statements that
// create the tables used to come first, with this thread waiting for each. Started here, they run
// on the connection's thread while this one compiles and generates. Light on purpose: the drivers
// and encoders load when the target is opened, after the connection has started.
import type { CompiledDatabase } from "../synth/schema/index.js";
import { startPgThread } from "./pg-thread.js";
import { parseTarget, splitSchema, type DatabaseTarget } from "./target.js";

export const CONNECT_TIMEOUT_MS = 5000;

/** A database target whose connection is being made; `open` creates the tables, `cancel` gives up. */
export interface StartedTarget {
  /** Creates the tables of `database` (refusing existing ones unless `replace`) and returns a writer per table. */
  open(database: CompiledDatabase, replace: boolean): Promise<DatabaseTarget>;
  /** Closes the connection when no load follows (say the schema did not compile); never rejects. */
  cancel(): Promise<void>;
}

/**
 * Starts connecting to `url` now (PostgreSQL: on the connection's own thread; SQLite opens its file
 * in `open`, as before). A bad URL is reported by `open`, where it always was.
 *
 * @example
 * const started = startDatabaseTarget("postgres://postgres@127.0.0.1:5432/test", process.cwd());
 * const target = await started.open(compileDatabase(schema, { seed: 1 }), true);
 */
export function startDatabaseTarget(url: string, cwd: string): StartedTarget {
  let target: ReturnType<typeof parseTarget>;
  try {
    target = parseTarget(url, cwd);
  } catch (e) {
    const refused = e as Error;
    return { open: () => Promise.reject(refused), cancel: () => Promise.resolve() };
  }
  if (target.kind === "sqlite") {
    const { path } = target;
    return { open: async (database, replace) => (await import("./sqlite.js")).openSqlite(path, database, replace), cancel: () => Promise.resolve() };
  }
  const client = startPgThread(splitSchema(url).connection, CONNECT_TIMEOUT_MS);
  let opened = false;
  return {
    async open(database, replace) {
      opened = true;
      return (await import("./postgres.js")).openPostgres(url, database, replace, client);
    },
    cancel: () => (opened ? Promise.resolve() : client.end()),
  };
}
