// `mimic generate --schema FILE` for a schema with several tables: every table in one run, into a
// folder (a file per table), a SQL script, or straight into a database (--to).
import { resolve } from "node:path";
import type { OutputFormat } from "../../synth/batch.js";
import type { DatabaseSource } from "../../synth/datasets/dataset.js";
import type { CompiledDatabase } from "../../synth/schema/index.js";
import type { OpenTable, Shard } from "../../synth/generate/generate-database.js";
import type { StartedTarget } from "../../dbload/index.js";
import { MimicError } from "../../errors/index.js";
import type { CliIo } from "../command.js";
import { progressReporter } from "./progress.js";
import { describeOut } from "./summary.js";

export interface TablesRun {
  /** A schema file of several tables, or a built-in dataset of several tables. */
  source: DatabaseSource;
  seed: number | string;
  /** A folder, or for --format sql a file (or - for stdout). */
  out: string | undefined;
  format: OutputFormat | "sql";
  /** `postgres://…` or `sqlite:FILE`. */
  to: string | undefined;
  replace: boolean;
  dialect: "postgres" | "sqlite";
  shard: Shard | undefined;
  /** Threads generating family chunks (1: this thread alone); the bytes are the same for any count. */
  workers: number;
}

/** `--shard 2/3` → { index: 2, count: 3 }. */
export function parseShard(raw: string | undefined): Shard | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new MimicError("CLI_BAD_FLAG", `--shard must be k/n with 1 ≤ k ≤ n (shard k of n), e.g. --shard 2/3; got "${raw}".`);
  return { index, count };
}

/** Whether a schema file is run as a whole database: several tables, and no --table chosen. */
export function isMultiTable(schema: unknown): boolean {
  const tables = typeof schema === "object" && schema !== null ? (schema as { tables?: unknown }).tables : undefined;
  return typeof tables === "object" && tables !== null && Object.keys(tables).length > 1;
}

/** Loads the database module only when --to or --format sql asks for it (it pulls in the drivers). */
async function databaseTarget(
  run: TablesRun,
  database: CompiledDatabase,
  io: CliIo,
  started: StartedTarget | undefined,
): Promise<{ open: OpenTable; finish: () => Promise<void>; cleanup: () => Promise<void>; where: string }> {
  const dbload = await import("../../dbload/index.js");
  if (run.to !== undefined) {
    const target = await (started ?? dbload.startDatabaseTarget(run.to, io.cwd)).open(database, run.replace);
    return { ...target, where: dbload.describeTarget(run.to) };
  }
  const out = run.out ?? "-";
  const script = await dbload.openSqlScript(out === "-" ? io.stdout : resolve(io.cwd, out), database, run.dialect);
  return { ...script, where: describeOut(out) };
}

export async function runTables(run: TablesRun, io: CliIo): Promise<number> {
  const started = performance.now();
  // A database's connection starts first (start.js alone: the drivers load later), so connecting
  // overlaps loading the modules and compiling the schema; not for the flag mistakes refused below.
  const early =
    run.to !== undefined && run.shard === undefined && run.out === undefined
      ? (await import("../../dbload/start.js")).startDatabaseTarget(run.to, io.cwd)
      : undefined;
  // Compiled before anything is opened: a bad schema leaves nothing behind (and drops the connection).
  // Loaded here, not at start-up: a dataset run never needs the schema engine in this thread.
  const compiled = (async () => {
    const { generateDatabase, shardOf, tableFiles } = await import("../../synth/generate/generate-database.js");
    const { resolveDatabaseSource } = await import("../../synth/generate/resolve-database.js");
    return { generateDatabase, shardOf, tableFiles, database: await resolveDatabaseSource(run.source, run.seed) };
  })();
  const { generateDatabase, shardOf, tableFiles, database } = await compiled.catch(async (error: unknown) => {
    await early?.cancel();
    throw error;
  });
  let target: { open: OpenTable; finish?: () => Promise<void>; cleanup: () => Promise<void>; where: string };
  if (run.to !== undefined || run.format === "sql") {
    if (run.shard !== undefined)
      throw new MimicError("CLI_BAD_FLAG", "--shard writes files (one part per shard); it does not apply with --to or --format sql.");
    // Both a database and a folder: one would be silently ignored, so neither is written.
    if (run.to !== undefined && run.out !== undefined)
      throw new MimicError("CLI_BAD_FLAG", `--to loads the tables into a database; --out ${run.out} would be ignored. Give one of them (run twice for both).`);
    target = await databaseTarget(run, database, io, early);
  } else {
    if (run.out === undefined || run.out === "-")
      throw new MimicError(
        "CLI_BAD_FLAG",
        "A schema with several tables writes one file per table: give --out a folder (e.g. --out shop/), or --to a database.",
      );
    target = { ...(await tableFiles(resolve(io.cwd, run.out), run.format, run.shard)), where: run.out };
  }
  const progress = progressReporter(io.stderr, database.plan.length);
  try {
    const { rows } = await generateDatabase({
      database,
      open: target.open,
      ...(target.finish ? { finish: target.finish } : {}),
      ...(run.shard ? { shard: run.shard } : {}),
      source: run.source,
      seed: run.seed,
      workers: run.workers,
      ...(io.signal ? { signal: io.signal } : {}),
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.done();
    const total = [...rows.values()].reduce((a, b) => a + b, 0);
    const seconds = (performance.now() - started) / 1000;
    const each = [...rows].map(([t, n]) => `${t} ${n.toLocaleString("en-US")}`).join(", ");
    const shard = run.shard ? ` (shard ${run.shard.index}/${run.shard.count})` : "";
    io.stderr.write(
      `mimic: wrote ${total.toLocaleString("en-US")} rows in ${rows.size} tables (${each}) to ${target.where} as ${run.to !== undefined ? "a database" : run.format}${shard} in ${seconds.toFixed(2)} s\n`,
    );
    // Shards split whole chunks of the root tables: with fewer chunks than shards some parts are
    // empty (still correct: the union is the single run), which a user splitting work would not expect.
    if (run.shard !== undefined && shardOf(database.plan, run.shard).length === 0)
      io.stderr.write(
        `mimic: note: shard ${run.shard.index}/${run.shard.count} holds no rows: shards split whole chunks of the root tables' rows, and this run has ${database.plan.length.toLocaleString("en-US")} chunk(s) for ${run.shard.count} shards. Use at most ${database.plan.length.toLocaleString("en-US")} shard(s)${run.source.kind === "schema" ? ", or set a smaller chunkSize on the root table in the schema" : ", or generate more rows"}.\n`,
      );
    return 0;
  } catch (error) {
    progress.done();
    await target.cleanup();
    throw error;
  }
}
