// Every table of a schema in one run: family chunks in plan order, each table's batches streamed to
// its own writer (a file per table, or a database loader). A failure aborts every writer, so nothing
// is left behind.
import { rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { BatchWriter, OutputFormat, TableShape } from "../batch.js";
import type { DatabaseSource } from "../datasets/dataset.js";
import { MimicError } from "../../errors/index.js";
import { makeDirsSync } from "../../files/index.js";
import { compileDatabase, loadSchemaFile, type CompiledDatabase, type FamilyChunk } from "../schema/index.js";
import { createBufferPool, openWriter, type TableWriter } from "../writers/index.js";
import { familyJob, type TableEncoding } from "./family-job.js";
import { produceFamilies } from "./produce-families.js";

/**
 * Family chunks handed to writers that queue their writes (a database connection) and not yet
 * written, at most, while the next one is made. With one, this thread waited for each chunk's COPYs
 * before handing over the next (0.5–0.9 s of a 30,000-customer coffee-shop load, traced) and the
 * connection sat idle whenever a chunk took longer to make than the last took to load. Files keep
 * one: their writes are quick, and a second chunk held would cost memory (docs/benchmarks.md, i22p).
 */
const QUEUED_WRITES_IN_FLIGHT = 2;

/** Shard k of n (1-based): a contiguous run of the plan's family chunks. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * A table's writer. One that declares `encoding` also takes rows already encoded that way
 * (`writeEncoded`), so worker threads can encode them: files, and PostgreSQL's COPY.
 */
export interface DatabaseWriter extends BatchWriter {
  readonly encoding?: TableEncoding;
  /** True when writes may be made before earlier ones finished: they are carried out in call order. */
  readonly queuesWrites?: boolean;
  /**
   * Takes rows already encoded. `owned`: the whole buffer the bytes are part of is this write's (it
   * may move to another thread). A writer done with that buffer may resolve with it, for reuse.
   */
  writeEncoded?(bytes: Uint8Array, owned?: boolean): Promise<ArrayBuffer | undefined | void>;
}

/**
 * Where the tables go: one writer per table (opened before any row is made). The tables of a family
 * chunk are handed over together, so writes to different tables may be in flight at once (writers
 * that share one output put them in turn); writes to one table never overlap.
 */
export type OpenTable = (shape: TableShape) => Promise<DatabaseWriter>;

export interface GenerateDatabaseOptions {
  /** A compiled database, or a schema file to compile. */
  database: CompiledDatabase;
  open: OpenTable;
  shard?: Shard;
  /**
   * Threads generating family chunks (default 1: this thread alone). K ≥ 2 starts K - 1 worker
   * threads, which compile `source` for `seed` themselves; the output is the same bytes for any K.
   */
  workers?: number;
  /** What `database` was compiled from (needed for workers ≥ 2). */
  source?: DatabaseSource;
  seed?: number | string;
  signal?: AbortSignal;
  onProgress?: (rowsWritten: number, rowsTotal: number) => void;
  /** Called after every writer closed successfully (a loader commits here). */
  finish?: () => Promise<void>;
}

export interface GenerateDatabaseResult {
  /** Rows written per table, in the schema's order. */
  rows: Map<string, number>;
}

/** The family chunks of shard k of n: the plan cut into n contiguous, nearly equal runs. */
export function shardOf(plan: readonly FamilyChunk[], shard: Shard | undefined): readonly FamilyChunk[] {
  if (shard === undefined) return plan;
  const from = Math.floor(((shard.index - 1) * plan.length) / shard.count);
  const to = Math.floor((shard.index * plan.length) / shard.count);
  return plan.slice(from, to);
}

/** Compiles a schema file as a whole database (every table, tied by references). */
export function loadDatabase(path: string, seed: number | string): CompiledDatabase {
  const { schema, baseDir } = loadSchemaFile(path);
  return compileDatabase(schema, { seed, baseDir });
}

/**
 * Generates every table of a database into the writers `open` gives, in chunk order.
 *
 * @example
 * await generateDatabase({ database: loadDatabase("shop.yaml", 42), open: tableFiles("shop", "csv") });
 */
export async function generateDatabase(options: GenerateDatabaseOptions): Promise<GenerateDatabaseResult> {
  const { database, signal } = options;
  const planIndex = new Map(database.plan.map((unit, i) => [unit, i]));
  const units = shardOf(database.plan, options.shard).map((unit) => planIndex.get(unit)!);
  const writers = new Map<string, DatabaseWriter>();
  const rows = new Map(database.tables.map((t) => [t.name, 0]));
  try {
    for (const shape of database.tables) writers.set(shape.name, await options.open(shape));
    const encodings = new Map<string, TableEncoding>();
    for (const [table, writer] of writers) if (writer.encoding !== undefined && writer.writeEncoded !== undefined) encodings.set(table, writer.encoding);
    const workers = options.source !== undefined && options.seed !== undefined ? (options.workers ?? 1) : 1;
    // This thread's binary COPY payloads go into buffers the connection hands back (after their
    // COPY), not a new one per table per chunk: ~5% less CPU for a load (docs/benchmarks.md, i22g).
    // It keeps as many as the chunks in flight, and one more, can hold.
    const buffers = createBufferPool((QUEUED_WRITES_IN_FLIGHT + 1) * database.tables.length);
    const families = produceFamilies({
      units,
      local: familyJob(database, encodings, buffers),
      workers,
      ...(workers > 1 ? { setup: { source: options.source!, seed: options.seed!, encodings: [...encodings] } } : {}),
      ...(signal ? { signal } : {}),
    });
    const total = units.length;
    let done = 0;
    // Family chunks handed over and not yet written while the next is made: generation overlaps
    // the writes (and a database's COPYs). More than one only when every writer queues its writes,
    // so that writes to one table never overlap otherwise.
    const depth = [...writers.values()].every((w) => w.queuesWrites === true) ? QUEUED_WRITES_IN_FLIGHT : 1;
    const inFlight: Promise<void>[] = [];
    for await (const family of families) {
      if (inFlight.length >= depth) await inFlight.shift();
      done++;
      const progress = done;
      // Every table's part is handed over at once (each table has its own writer; a database
      // loader queues them on its one connection in this order), so none waits for this thread
      // to come back from making the next chunk before it can start.
      const written = family.parts.map(async (part) => {
        if (part.length === 0) return;
        const writer = writers.get(part.table)!;
        // Handed over now, not chained on the table's previous write: a connection's thread then
        // has the next COPY queued before this thread, busy making a chunk, could come back to it.
        if ("bytes" in part) {
          const spent = await writer.writeEncoded!(part.bytes, buffers.lent(part.bytes.buffer));
          if (spent instanceof ArrayBuffer) buffers.give(spent);
        } else await writer.write(part.batch);
        rows.set(part.table, rows.get(part.table)! + part.length);
      });
      // Chained to the chunk before, so progress is reported in plan order.
      const previous = inFlight.at(-1) ?? Promise.resolve();
      const whole = Promise.all([previous, ...written]).then(() => options.onProgress?.(progress, total));
      // Awaited before a later chunk's writes; if making that chunk throws first, the catch below
      // aborts every writer and this rejection must not surface as an unhandled one.
      whole.catch(() => undefined);
      inFlight.push(whole);
    }
    await Promise.all(inFlight);
    if (signal?.aborted) throw new MimicError("OUTPUT_INTERRUPTED", "Stopped before the end (interrupted); the partial output was removed.");
    for (const writer of writers.values()) await writer.close();
    await options.finish?.();
    return { rows };
  } catch (error) {
    await Promise.all([...writers.values()].map((w) => w.abort().catch(() => undefined)));
    throw error;
  }
}

const EXTENSIONS: Record<OutputFormat, string> = { csv: "csv", jsonl: "jsonl", parquet: "parquet" };

/** A text file's writer, declared as taking rows encoded in its own dialect (by worker threads). */
function encodable(writer: TableWriter, format: OutputFormat, shape: TableShape): DatabaseWriter {
  if (!writer.acceptsEncoded || format === "parquet") return writer;
  return {
    write: (b) => writer.write(b),
    writeEncoded: (bytes) => writer.writeEncoded(bytes),
    close: () => writer.close(),
    abort: () => writer.abort(),
    encoding: { dialect: format, shape },
  };
}

/** Creates an output folder (and its parents), or says why it cannot be: IO_UNWRITABLE naming it. */
function createFolder(dir: string): void {
  try {
    makeDirsSync(dir);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? "error";
    throw new MimicError("IO_UNWRITABLE", `Cannot create the folder ${dir} (${code}); check the path and its permissions, or choose another --out.`, { cause });
  }
}

/**
 * One file per table in `dir` (`dir/customers.csv`, …), each written under a temporary name and
 * renamed when complete. With a shard: CSV shards after the first have no header (so the shards
 * concatenate to the single run's file), and Parquet goes to a folder of parts per table
 * (`dir/orders/part-00002-of-00003.parquet`) that query engines read as one table.
 */
export async function tableFiles(dir: string, format: OutputFormat, shard?: Shard): Promise<{ open: OpenTable; cleanup: () => Promise<void> }> {
  const existed = await stat(dir).then(
    (s) => {
      if (!s.isDirectory()) throw new MimicError("CLI_BAD_FLAG", `--out ${dir} is a file; a schema with several tables needs a folder (e.g. --out shop/)`);
      return true;
    },
    () => false,
  );
  createFolder(dir);
  const ext = EXTENSIONS[format];
  const part = (n: number) => String(n).padStart(5, "0");
  const open: OpenTable = async (shape) => {
    if (shard === undefined) return encodable(await openWriter({ format, shape, out: join(dir, `${shape.name}.${ext}`) }), format, shape);
    if (format === "parquet") {
      createFolder(join(dir, shape.name));
      return openWriter({ format, shape, out: join(dir, shape.name, `part-${part(shard.index)}-of-${part(shard.count)}.parquet`) });
    }
    const out = join(dir, `${shape.name}.part-${part(shard.index)}-of-${part(shard.count)}.${ext}`);
    return encodable(await openWriter({ format, shape, out, header: shard.index === 1 }), format, shape);
  };
  // A folder this run made is removed again when the run fails (its files were already aborted).
  const cleanup = async () => {
    if (!existed) await rm(dir, { recursive: true, force: true });
  };
  return { open, cleanup };
}
