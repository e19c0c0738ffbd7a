// Every table of a schema in one run: family chunks in plan order, each table's batches streamed to
// its own writer (a file per table, or a database loader). A failure aborts every writer, so nothing
// is left behind.
import { mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { BatchWriter, ColumnBatch, OutputFormat, TableShape } from "../batch.js";
import { MimicError } from "../../errors/index.js";
import { compileDatabase, loadSchemaFile, type CompiledDatabase, type FamilyChunk } from "../schema/index.js";
import { openWriter } from "../writers/index.js";

/** Shard k of n (1-based): a contiguous run of the plan's family chunks. */
export interface Shard {
  index: number;
  count: number;
}

/** Where the tables go: one writer per table (opened before any row is made). */
export type OpenTable = (shape: TableShape) => Promise<BatchWriter>;

export interface GenerateDatabaseOptions {
  /** A compiled database, or a schema file to compile. */
  database: CompiledDatabase;
  open: OpenTable;
  shard?: Shard;
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
  const units = shardOf(database.plan, options.shard);
  const writers = new Map<string, BatchWriter>();
  const rows = new Map(database.tables.map((t) => [t.name, 0]));
  try {
    for (const shape of database.tables) writers.set(shape.name, await options.open(shape));
    const total = units.length;
    let done = 0;
    // One family chunk in flight while the next is made: generation overlaps the writes (and a
    // database's work on a COPY), and memory stays at two family chunks.
    let inFlight: Promise<void> = Promise.resolve();
    for (const unit of units) {
      if (signal?.aborted) throw new MimicError("OUTPUT_INTERRUPTED", "Stopped before the end (interrupted); the partial output was removed.");
      const chunks = database.generate(unit);
      await inFlight;
      done++;
      const progress = done;
      // One table after another: a database loader has one connection and one COPY at a time.
      inFlight = (async () => {
        for (const { table, batch } of chunks) {
          await write(writers.get(table)!, batch);
          rows.set(table, rows.get(table)! + batch.length);
        }
        options.onProgress?.(progress, total);
      })();
      // Awaited before the next chunk's writes; if generating that chunk throws first, the catch
      // below aborts every writer and this rejection must not surface as an unhandled one.
      inFlight.catch(() => undefined);
      // Let Ctrl-C and stream events through between chunks.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await inFlight;
    for (const writer of writers.values()) await writer.close();
    await options.finish?.();
    return { rows };
  } catch (error) {
    await Promise.all([...writers.values()].map((w) => w.abort().catch(() => undefined)));
    throw error;
  }
}

function write(writer: BatchWriter, batch: ColumnBatch): Promise<void> {
  return batch.length === 0 ? Promise.resolve() : writer.write(batch);
}

const EXTENSIONS: Record<OutputFormat, string> = { csv: "csv", jsonl: "jsonl", parquet: "parquet" };

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
  await mkdir(dir, { recursive: true });
  const ext = EXTENSIONS[format];
  const part = (n: number) => String(n).padStart(5, "0");
  const open: OpenTable = async (shape) => {
    if (shard === undefined) return openWriter({ format, shape, out: join(dir, `${shape.name}.${ext}`) });
    if (format === "parquet") {
      await mkdir(join(dir, shape.name), { recursive: true });
      return openWriter({ format, shape, out: join(dir, shape.name, `part-${part(shard.index)}-of-${part(shard.count)}.parquet`) });
    }
    return openWriter({ format, shape, out: join(dir, `${shape.name}.part-${part(shard.index)}-of-${part(shard.count)}.${ext}`), header: shard.index === 1 });
  };
  // A folder this run made is removed again when the run fails (its files were already aborted).
  const cleanup = async () => {
    if (!existed) await rm(dir, { recursive: true, force: true });
  };
  return { open, cleanup };
}
