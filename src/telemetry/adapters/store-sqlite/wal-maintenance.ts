// Keeps the SQLite database file current on any disk. SQLite checkpoints the WAL itself once it
// holds `wal_autocheckpoint` pages; with a fixed 8,192 pages (32 MiB) a disk with less free space
// fills before the first checkpoint, and every reading stays in the WAL. Here the threshold follows
// the free space (a quarter of it, at most 32 MiB), and a timer checkpoints what was written in
// the last few seconds even when the WAL is small.
import { statfsSync } from "node:fs";
import { dirname } from "node:path";
import type { Database } from "better-sqlite3";

/** WAL pages between automatic checkpoints on a roomy disk (32 MiB of 4 KiB pages). */
export const MAX_WAL_PAGES = 8192;
/** Never below this (checkpointing every few commits would cost throughput for nothing). */
export const MIN_WAL_PAGES = 64;
/** How often the file is brought up to date while readings arrive. */
export const CHECKPOINT_INTERVAL_MS = 5000;

/** Pages between automatic checkpoints: a quarter of the free space, within [MIN, MAX]. */
export function walPagesFor(freeBytes: number, pageSize: number): number {
  return Math.max(MIN_WAL_PAGES, Math.min(MAX_WAL_PAGES, Math.floor(freeBytes / 4 / pageSize)));
}

export interface WalMaintenanceOptions {
  /** Free bytes on the database's disk (tests pass their own). */
  freeBytes?: () => number;
  now?: () => number;
}

/**
 * Size- and time-based checkpoints for one writing connection. `afterCommit` is called after each
 * write transaction; `tick` from a timer. Both are cheap when nothing is due.
 */
export class WalMaintenance {
  readonly #db: Database;
  readonly #freeBytes: () => number;
  readonly #now: () => number;
  #lastCheckpoint: number;
  #lastSizing = -Infinity;
  #dirty = false;
  #checkpoints = 0;
  #failedCheckpoints = 0;
  #pages = MAX_WAL_PAGES;
  /** Below the roomy threshold: free space is checked on every commit, as the disk may be filling. */
  #tight = false;

  constructor(db: Database, options: WalMaintenanceOptions = {}) {
    this.#db = db;
    const dir = dirname(db.name);
    this.#freeBytes = options.freeBytes ?? (() => Number(statfsSync(dir).bavail) * Number(statfsSync(dir).bsize));
    this.#now = options.now ?? Date.now;
    this.#lastCheckpoint = this.#now();
    this.#resize();
  }

  afterCommit(): void {
    this.#dirty = true;
    // Re-sizing needs a statfs (microseconds): once a second is plenty on a roomy disk, but when
    // space is tight a second of commits can fill it before the threshold follows.
    if (this.#tight || this.#now() - this.#lastSizing >= 1000) this.#resize();
  }

  /**
   * Checkpoints when something was committed since the last one and the interval has passed.
   * Never throws: it runs from a timer on the store's writer thread, where an exception would end
   * the thread and with it every later write. A checkpoint that fails (on a full disk it needs
   * space too, to grow the database file) stays due and is tried again at the next tick.
   */
  tick(): void {
    if (!this.#dirty || this.#now() - this.#lastCheckpoint < CHECKPOINT_INTERVAL_MS) return;
    try {
      this.checkpoint();
    } catch {
      this.#failedCheckpoints++;
    }
  }

  /**
   * PASSIVE: copies what no reader still needs into the database file without waiting for
   * readers. After a write failed for lack of space, TRUNCATE also gives the WAL's space back.
   */
  checkpoint(mode: "PASSIVE" | "TRUNCATE" = "PASSIVE"): { log: number; checkpointed: number } {
    const [row] = this.#db.pragma(`wal_checkpoint(${mode})`) as { busy: number; log: number; checkpointed: number }[];
    this.#lastCheckpoint = this.#now();
    this.#dirty = false;
    this.#checkpoints++;
    return { log: row?.log ?? 0, checkpointed: row?.checkpointed ?? 0 };
  }

  /** Current automatic-checkpoint threshold (pages), checkpoints run here, and timed ones that failed. */
  state(): { walPages: number; checkpoints: number; failedCheckpoints: number } {
    return { walPages: this.#pages, checkpoints: this.#checkpoints, failedCheckpoints: this.#failedCheckpoints };
  }

  #resize(): void {
    this.#lastSizing = this.#now();
    let free: number;
    try {
      free = this.#freeBytes();
    } catch {
      return; // statfs unsupported here: keep the current threshold
    }
    const pages = walPagesFor(free, this.#db.pragma("page_size", { simple: true }) as number);
    this.#tight = pages < MAX_WAL_PAGES;
    if (pages === this.#pages) return;
    this.#pages = pages;
    this.#db.pragma(`wal_autocheckpoint = ${pages}`);
  }
}
