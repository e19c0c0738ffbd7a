import type { Database, Statement } from "better-sqlite3";

interface Pair {
  device: string;
  kind: string;
}

/**
 * Retention of the SQLite store: deletes readings older than a cut-off, one bounded batch per
 * call (one short write transaction), so the writer thread answers the appends queued behind it
 * between batches. The primary key starts (device, kind, ts): each batch walks the (device, kind)
 * pairs by key seeks and deletes each pair's oldest rows by a key range, never scanning the table.
 */
export class SqliteRetention {
  readonly #firstPair: Statement<[], Pair>;
  readonly #nextPair: Statement<[string, string], Pair>;
  readonly #deleteOld: Statement<{ device: string; kind: string; before: number; max: number }>;
  readonly #batch: (before: number, max: number) => number;

  constructor(db: Database) {
    this.#firstPair = db.prepare("SELECT device, kind FROM readings ORDER BY device, kind LIMIT 1");
    this.#nextPair = db.prepare("SELECT device, kind FROM readings WHERE (device, kind) > (?, ?) ORDER BY device, kind LIMIT 1");
    this.#deleteOld = db.prepare(`DELETE FROM readings WHERE (device, kind, ts, id) IN (
      SELECT device, kind, ts, id FROM readings WHERE device = @device AND kind = @kind AND ts < @before ORDER BY ts LIMIT @max)`);
    const tx = db.transaction((before: number, max: number) => {
      let deleted = 0;
      for (let pair = this.#firstPair.get(); pair !== undefined && deleted < max; pair = this.#nextPair.get(pair.device, pair.kind)) {
        deleted += this.#deleteOld.run({ device: pair.device, kind: pair.kind, before, max: max - deleted }).changes;
      }
      return deleted;
    });
    this.#batch = (before, max) => tx.immediate(before, max);
  }

  /** Deletes at most `max` readings with `ts < before` in one transaction; returns how many. */
  deleteBatch(before: number, max: number): number {
    return this.#batch(before, max);
  }
}
