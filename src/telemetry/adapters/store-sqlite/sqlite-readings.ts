// Appends and queries on the readings table, synchronous (better-sqlite3). SqliteStore decides
// when they run: appends from many callers are grouped into one transaction (one fsync).
import type { Database, Statement } from "better-sqlite3";
import type { Reading } from "../../../sensors/reading.js";
import type { AppendResult, BucketRow, ReadingQuery, ReadingRow } from "../../ports.js";
import { fieldValues } from "../internal/reading-columns.js";
import { packedRows, type PackedGroups } from "./packed-readings.js";
import { planQuery, type PlannedQuery, type SqlDialect } from "../internal/reading-query.js";

const SQLITE_DIALECT: SqlDialect = {
  param: () => "?",
  numeric: (column) => column,
};

/** Rows per multi-row INSERT: 64 rows × 10 columns stays far below SQLite's parameter limit. */
const CHUNK = 64;
const COLUMNS = "(device, kind, ts, id, type_label, received_at, temperature, humidity, motion, light)";
const ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

function bind(out: unknown[], r: Reading): void {
  out.push(r.device, r.kind, r.timestamp, r.id, r.typeLabel, Math.round(r.receivedAt));
  for (const v of fieldValues(r)) out.push(typeof v === "boolean" ? (v ? 1 : 0) : v);
}

export class SqliteReadings {
  readonly #db: Database;
  readonly #insertOne: Statement;
  readonly #insertChunk: Statement;
  readonly #count: Statement<[], { n: number }>;
  readonly #queries = new Map<string, Statement>();
  readonly #appendGroups: (groups: readonly (readonly Reading[])[]) => AppendResult[];
  readonly #appendPacked: (packs: readonly PackedGroups[]) => AppendResult[][];

  constructor(db: Database) {
    this.#db = db;
    this.#insertOne = db.prepare(`INSERT OR IGNORE INTO readings ${COLUMNS} VALUES ${ROW}`);
    this.#insertChunk = db.prepare(`INSERT OR IGNORE INTO readings ${COLUMNS} VALUES ${Array(CHUNK).fill(ROW).join(", ")}`);
    this.#count = db.prepare("SELECT count(*) AS n FROM readings");
    // IMMEDIATE takes the write lock up front: a deferred transaction that later needs it can fail
    // with SQLITE_BUSY at once when another process holds it, bypassing busy_timeout.
    const tx = db.transaction((groups: readonly (readonly Reading[])[]) => groups.map((g) => this.#append(g)));
    this.#appendGroups = (groups) => tx.immediate(groups);
    const packedTx = db.transaction((packs: readonly PackedGroups[]) => packs.map((p) => this.#appendPack(p)));
    this.#appendPacked = (packs) => packedTx.immediate(packs);
  }

  /** Appends every group in one transaction; one result per group (duplicates: already stored or repeated). */
  appendGroups(groups: readonly (readonly Reading[])[]): AppendResult[] {
    return this.#appendGroups(groups);
  }

  #append(readings: readonly Reading[]): AppendResult {
    let inserted = 0;
    let i = 0;
    const params: unknown[] = [];
    for (; i + CHUNK <= readings.length; i += CHUNK) {
      params.length = 0;
      for (let j = i; j < i + CHUNK; j++) bind(params, readings[j]!);
      inserted += this.#insertChunk.run(params).changes;
    }
    for (; i < readings.length; i++) {
      params.length = 0;
      bind(params, readings[i]!);
      inserted += this.#insertOne.run(params).changes;
    }
    return { inserted, duplicates: readings.length - inserted };
  }

  /**
   * Appends every packed set of groups in one transaction (the writer thread merges what queued
   * up during the previous commit); one result per group of each pack.
   */
  appendPacked(packs: readonly PackedGroups[]): AppendResult[][] {
    return this.#appendPacked(packs);
  }

  #appendPack(p: PackedGroups): AppendResult[] {
    const next = packedRows(p);
    const params: unknown[] = [];
    return p.groupSizes.map((size) => {
      let inserted = 0;
      let left = size;
      for (; left >= CHUNK; left -= CHUNK) {
        params.length = 0;
        for (let j = 0; j < CHUNK; j++) next(params);
        inserted += this.#insertChunk.run(params).changes;
      }
      for (; left > 0; left--) {
        params.length = 0;
        next(params);
        inserted += this.#insertOne.run(params).changes;
      }
      return { inserted, duplicates: size - inserted };
    });
  }

  query(q: ReadingQuery): ReadingRow[] | BucketRow[] {
    const plan = planQuery(q, SQLITE_DIALECT);
    return this.#raw(plan).map((r) => plan.map(r)) as ReadingRow[] | BucketRow[];
  }

  #raw(plan: PlannedQuery): unknown[][] {
    let stmt = this.#queries.get(plan.sql);
    if (!stmt) {
      stmt = this.#db.prepare(plan.sql).raw(true);
      this.#queries.set(plan.sql, stmt);
    }
    return stmt.all(plan.params) as unknown[][];
  }

  count(): number {
    return this.#count.get()!.n;
  }
}
