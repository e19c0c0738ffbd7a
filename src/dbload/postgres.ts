// Loading into PostgreSQL: one transaction on one connection; bare tables created, each chunk sent
// with COPY … FROM STDIN (FORMAT binary, FREEZE), cheaper for the server to read than CSV text (or as CSV
// from the files' encoder, for a chunk binary cannot carry exactly: synth/writers/pg-binary.ts),
// then primary and foreign keys added (an index build and one check per key, much faster than
// per-row checks).
// A failure rolls back, and PostgreSQL's DDL is transactional: nothing is left behind. The
// connection lives on its own thread (pg-thread.ts), so COPY runs while this thread generates.
import type pg from "pg";
import type { ColumnBatch, TableShape } from "../synth/batch.js";
import type { DatabaseWriter } from "../synth/generate/generate-database.js";
import type { CompiledDatabase } from "../synth/schema/index.js";
import { createPgCopyEncoder, isPgBinary } from "../synth/writers/index.js";
import { MimicError } from "../errors/index.js";
import { startPgThread, type PendingPgConnection } from "./pg-thread.js";
import { constraintStatements, createTable, loadShape, quoteIdent, tablesInLoadOrder } from "./ddl.js";
import { CONNECT_TIMEOUT_MS } from "./start.js";
import { splitSchema, type DatabaseTarget } from "./target.js";

export { splitSchema } from "./target.js";

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

const unreachable = (url: string, e: unknown) =>
  new MimicError("DATABASE_UNREACHABLE", `cannot connect to ${redact(url)}: ${(e as Error).message}; check the host, port, database name and credentials.`, {
    cause: e,
  });

/** Connects, or throws DATABASE_UNREACHABLE saying what failed. */
export async function connectPostgres(url: string): Promise<pg.Client> {
  const { default: driver } = await import("pg");
  const { connection } = splitSchema(url);
  const client = new driver.Client({ connectionString: connection, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    return client;
  } catch (e) {
    await client.end().catch(() => undefined);
    throw unreachable(url, e);
  }
}

/**
 * Creates the tables and returns their writers without waiting for the connection: the statements
 * that check for existing tables, begin the transaction and create the tables are all sent at once
 * and run on the connection's thread, in order, while this thread makes the first rows (COPYs
 * queue behind them). What they find (no connection, tables present without `replace`, a failed
 * CREATE) is reported at the first write or at `finish`, whichever comes first, after rolling back.
 * `client` is a connection already started (start.ts), or one started here.
 */
export function openPostgres(
  url: string,
  database: CompiledDatabase,
  replace: boolean,
  client: PendingPgConnection = startPgThread(splitSchema(url).connection, CONNECT_TIMEOUT_MS),
): DatabaseTarget {
  const { schema } = splitSchema(url);
  const qualify = (t: string) => (schema === undefined ? quoteIdent(t) : `${quoteIdent(schema)}.${quoteIdent(t)}`);
  const names = database.tables.map((t) => t.name);
  // Without `replace`, existing tables are refused: the CREATE TABLE below then fails too, and the
  // answer to this check says which tables were there.
  const present = replace
    ? undefined
    : client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = coalesce($1, current_schema()) AND table_name = ANY($2)", [
        schema ?? null,
        names,
      ]);
  const statements = [
    "BEGIN",
    ...(schema === undefined ? [] : [`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`]),
    ...(replace
      ? tablesInLoadOrder(database)
          .reverse()
          .map((t) => `DROP TABLE IF EXISTS ${qualify(t)} CASCADE`)
      : []),
    ...database.tables.map((shape) => createTable(shape, database, "postgres", qualify)),
  ];
  const created = Promise.all(statements.map((sql) => client.query(sql)));
  // Read by `setup` below, after the connection: a failure before then is not unhandled.
  created.catch(() => undefined);
  present?.catch(() => undefined);
  // The first failure of the setup, as the error to report (undefined when it all went through).
  const setup: Promise<MimicError | undefined> = (async () => {
    try {
      await client.connected;
    } catch (e) {
      return unreachable(url, e);
    }
    const found = await present?.catch(() => undefined);
    if (found !== undefined && found.length > 0) {
      const list = found.map((r) => String(r["table_name"]));
      return new MimicError(
        "DATABASE_TABLE_EXISTS",
        `${redact(url)} already has ${list.join(", ")}; add --replace to drop and recreate ${list.length === 1 ? "it" : "them"}.`,
      );
    }
    return created.then(
      () => undefined,
      (e: unknown) => new MimicError("DATABASE_LOAD_FAILED", `creating the tables failed: ${(e as Error).message}`, { cause: e }),
    );
  })();
  let open = true;
  const rollback = async () => {
    if (open) {
      open = false;
      await client.query("ROLLBACK").catch(() => undefined);
    }
    await client.end().catch(() => undefined);
  };
  const failed = async (e: unknown): Promise<never> => {
    const early = await setup;
    await rollback();
    if (early !== undefined) throw early;
    throw new MimicError("DATABASE_LOAD_FAILED", `loading into ${redact(url)} failed and was rolled back: ${(e as Error).message}`, { cause: e });
  };
  const writer = (shape: TableShape): DatabaseWriter => {
    const loaded = loadShape(shape);
    const encoder = createPgCopyEncoder(loaded);
    // FREEZE (allowed: the table was created in this transaction, so a rollback still removes every
    // row) writes the rows already frozen and marks their pages all-visible. The COPY costs the same,
    // but the keys read less: each primary key's build records the all-visible pages for the
    // planner, and a foreign key's check then reads the two key indexes alone, never the rows
    // (coffee-shop's line_items → transactions check: half the CPU, docs/benchmarks.md, i22f). The one
    // difference others can see is PostgreSQL's documented caveat: a transaction whose snapshot is
    // older than the commit and that reads a replaced table after it sees the new rows, not none.
    const copy = `COPY ${qualify(shape.name)} (${shape.columns.map((c) => quoteIdent(c.name)).join(", ")}) FROM STDIN WITH`;
    const send = async (bytes: Uint8Array, owned?: boolean): Promise<ArrayBuffer | undefined> => {
      try {
        // Checked before the bytes move to the connection's thread (after that they are detached).
        return await client.copy(`${copy} (FORMAT ${isPgBinary(bytes) ? "binary" : "csv"}, FREEZE)`, bytes, owned);
      } catch (e) {
        return failed(e);
      }
    };
    return {
      // Worker threads encode the rows themselves (binary COPY, or CSV with ISO dates for a chunk
      // binary cannot carry exactly).
      encoding: { dialect: "pg-copy", shape: loaded },
      // COPYs queue on the connection's thread in the order they are asked for; each hands its
      // buffer back when done.
      queuesWrites: true,
      writeEncoded: send,
      write: async (batch: ColumnBatch) => {
        await send(encoder.encode(batch));
      },
      close: () => Promise.resolve(),
      abort: rollback,
    };
  };
  return {
    open: (shape) => Promise.resolve(writer(shape)),
    async finish() {
      try {
        const early = await setup;
        if (early !== undefined) throw early;
        for (const statement of constraintStatements(database, qualify)) await client.query(statement);
        await client.query("COMMIT");
        open = false;
        await client.end();
      } catch (e) {
        await failed(e);
      }
    },
    cleanup: rollback,
  };
}
