import type { Writable } from "node:stream";

/** Progress of a long run on stderr: drawn only on a terminal, and only once a run is slow. */
export interface ProgressReporter {
  update(done: number, total: number): void;
  /** Clears the bar (if one was drawn). */
  done(): void;
}

export interface ProgressOptions {
  /** What is counted: rows and readings show a rate, bytes are shown as MB, anything else ("columns", "steps") as a plain count. */
  unit?: string;
  /** What the run is doing, drawn before the bar ("reading cars.csv", "fitting"). */
  label?: string;
  /** The clock, in milliseconds (injected by tests). */
  now?: () => number;
  /**
   * When the whole command started, on the same clock: a later phase of a run that is already
   * slow (fitting after a long read) draws at once instead of waiting its own second.
   */
  since?: number;
}

/** Runs shorter than this never show a bar. */
const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 100;
const WIDTH = 30;
const RATE_UNITS = new Set(["rows", "readings", "bytes"]);

/** "42 s", "3 min 05 s", "2 h 07 min": how long is left, as a person reads it. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;
  return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")} min`;
}

function amount(n: number, unit: string): string {
  return unit === "bytes" ? `${(n / 1e6).toFixed(1)}` : n.toLocaleString("en-US");
}

function unitName(unit: string): string {
  return unit === "bytes" ? "MB" : unit;
}

/**
 * A one-line progress bar redrawn in place on stderr, e.g.
 * `[#########.....................]  31%  3,100,000 / 10,000,000 rows  1,240,000 rows/s  ETA 6 s`
 * or `reading cars.csv [###...]  40%  48.0 / 120.0 MB  9.6 MB/s  ETA 8 s`.
 * Silent when stderr is not a terminal (pipes, CI logs) or the run ends within a second.
 */
export function progressReporter(stderr: Writable & { isTTY?: boolean }, total: number, options: ProgressOptions = {}): ProgressReporter {
  const now = options.now ?? (() => performance.now());
  const unit = options.unit ?? "rows";
  const started = now();
  const shownFrom = (options.since ?? started) + SHOW_AFTER_MS;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(done, newTotal = total) {
      total = newTotal;
      if (!stderr.isTTY || total === 0) return;
      const t = now();
      if (t < shownFrom || t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      drawn = true;
      const share = Math.min(1, done / total);
      const filled = Math.round(share * WIDTH);
      const seconds = Math.max(1e-3, (t - started) / 1000);
      const rate = done / seconds;
      const left = total - Math.min(done, total);
      const eta = rate > 0 && done > 0 ? `  ETA ${formatSeconds(Math.ceil(left / rate))}` : "";
      const shownRate = RATE_UNITS.has(unit) ? `  ${amount(Math.round(rate), unit)} ${unitName(unit)}/s` : "";
      const label = options.label ? `${options.label} ` : "";
      const bar = `${label}[${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${amount(done, unit)} / ${amount(total, unit)} ${unitName(unit)}${shownRate}${eta}`;
      stderr.write(`\r${bar}\x1b[K`);
    },
    done() {
      if (drawn) stderr.write("\r\x1b[K");
      drawn = false;
    },
  };
}

/** A backfill's share of its simulated span already sent, and the time left at the rate so far: "  41%  ETA 12 s". */
export function backfillShare(simulatedMs: number, spanMs: number, elapsedMs: number): string {
  const share = Math.min(1, Math.max(0, simulatedMs / spanMs));
  if (share <= 0 || elapsedMs < 1000) return `  ${Math.floor(share * 100)}%`;
  return `  ${Math.floor(share * 100)}%  ETA ${formatSeconds(Math.ceil(((1 - share) * elapsedMs) / share / 1000))}`;
}
