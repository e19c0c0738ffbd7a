// Loading into PostgreSQL: one transaction on one connection; bare tables created, each chunk sent
// with COPY … FROM STDIN (FORMAT binary), cheaper for the server to read than CSV text (or as CSV
// from the files' encoder, for a chunk binary cannot carry exactly: synth/writers/pg-binary.ts),
// then primary and foreign keys added (an index build and one check per key, much faster than
// per-row checks).
// A failure rolls back, and PostgreSQL's DDL is transactional: nothing is left behind. The
// connection lives on its own thread (pg-thread.ts), so COPY runs while this thread generates.
import pg from "pg";
import type { ColumnBatch, TableShape } from "../synth/batch.js";
import type { DatabaseWriter } from "../synth/generate/generate-database.js";
import type { CompiledDatabase } from "../synth/schema/index.js";
import { createPgCopyEncoder, isPgBinary } from "../synth/writers/index.js";
import { MimicError } from "../errors/index.js";
import { openPgThread, type PgConnection } from "./pg-thread.js";
import { constraintStatements, createTable, loadShape, quoteIdent, tablesInLoadOrder } from "./ddl.js";
import type { DatabaseTarget } from "./target.js";

const CONNECT_TIMEOUT_MS = 5000;

/** `postgres://…?schema=NAME` → the connection URL without `schema`, and the schema. */
export function splitSchema(url: string): { connection: string; schema: string | undefined } {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? undefined;
  u.searchParams.delete("schema");
  return { connection: u.toString(), schema };
}

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
  const { connection } = splitSchema(url);
  const client = new pg.Client({ connectionString: connection, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    return client;
  } catch (e) {
    await client.end().catch(() => undefined);
    throw unreachable(url, e);
  }
}

/** Connects on the connection's own thread (pg-thread.ts), or throws DATABASE_UNREACHABLE. */
async function connectLoader(url: string): Promise<PgConnection> {
  try {
    return await openPgThread(splitSchema(url).connection, CONNECT_TIMEOUT_MS);
  } catch (e) {
    throw unreachable(url, e);
  }
}

export async function openPostgres(url: string, database: CompiledDatabase, replace: boolean): Promise<DatabaseTarget> {
  const { schema } = splitSchema(url);
  const client = await connectLoader(url);
  const qualify = (t: string) => (schema === undefined ? quoteIdent(t) : `${quoteIdent(schema)}.${quoteIdent(t)}`);
  const names = database.tables.map((t) => t.name);
  let open = false;
  const rollback = async () => {
    if (open) {
      open = false;
      await client.query("ROLLBACK").catch(() => undefined);
    }
    await client.end().catch(() => undefined);
  };
  try {
    const present = await client.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = coalesce($1, current_schema()) AND table_name = ANY($2)",
      [schema ?? null, names],
    );
    if (present.length > 0 && !replace) {
      const list = present.map((r) => String(r["table_name"]));
      throw new MimicError(
        "DATABASE_TABLE_EXISTS",
        `${redact(url)} already has ${list.join(", ")}; add --replace to drop and recreate ${list.length === 1 ? "it" : "them"}.`,
      );
    }
    await client.query("BEGIN");
    open = true;
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    for (const t of tablesInLoadOrder(database).reverse()) await client.query(`DROP TABLE IF EXISTS ${qualify(t)} CASCADE`);
    for (const shape of database.tables) await client.query(createTable(shape, database, "postgres", qualify));
  } catch (e) {
    await rollback();
    if (e instanceof MimicError) throw e;
    throw new MimicError("DATABASE_LOAD_FAILED", `creating the tables failed: ${(e as Error).message}`, { cause: e });
  }
  const failed = async (e: unknown): Promise<never> => {
    await rollback();
    throw new MimicError("DATABASE_LOAD_FAILED", `loading into ${redact(url)} failed and was rolled back: ${(e as Error).message}`, { cause: e });
  };
  const writer = (shape: TableShape): DatabaseWriter => {
    const loaded = loadShape(shape);
    const encoder = createPgCopyEncoder(loaded);
    const copy = `COPY ${qualify(shape.name)} (${shape.columns.map((c) => quoteIdent(c.name)).join(", ")}) FROM STDIN WITH`;
    const send = async (bytes: Uint8Array) => {
      try {
        // Checked before the bytes move to the connection's thread (after that they are detached).
        await client.copy(`${copy} (FORMAT ${isPgBinary(bytes) ? "binary" : "csv"})`, bytes);
      } catch (e) {
        await failed(e);
      }
    };
    return {
      // Worker threads encode the rows themselves (binary COPY, or CSV with ISO dates for a chunk
      // binary cannot carry exactly).
      encoding: { dialect: "pg-copy", shape: loaded },
      // COPYs queue on the connection's thread in the order they are asked for.
      queuesWrites: true,
      writeEncoded: send,
      write: (batch: ColumnBatch) => send(encoder.encode(batch)),
      close: () => Promise.resolve(),
      abort: rollback,
    };
  };
  return {
    open: (shape) => Promise.resolve(writer(shape)),
    async finish() {
      try {
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
