import type { Writable } from "node:stream";

/** Progress of a long run on stderr: drawn only on a terminal, and only once a run is slow. */
export interface ProgressReporter {
  update(done: number, total: number): void;
  /** Clears the bar (if one was drawn). */
  done(): void;
}

/** Runs shorter than this never show a bar. */
const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 100;
const WIDTH = 30;

/** "42 s", "3 min 05 s", "2 h 07 min": how long is left, as a person reads it. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;
  return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")} min`;
}

/**
 * A one-line progress bar redrawn in place on stderr, e.g.
 * `[#########.....................]  31%  3,100,000 / 10,000,000 rows  1,240,000 rows/s  ETA 6 s`.
 * Silent when stderr is not a terminal (pipes, CI logs) or the run ends within a second.
 */
export function progressReporter(stderr: Writable & { isTTY?: boolean }, total: number, now: () => number = () => performance.now()): ProgressReporter {
  const started = now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done) {
      if (!stderr.isTTY || total === 0) return;
      const t = now();
      if (t - started < SHOW_AFTER_MS || t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      drawn = true;
      const share = Math.min(1, done / total);
      const filled = Math.round(share * WIDTH);
      const rate = Math.round(done / ((t - started) / 1000));
      const eta = rate > 0 ? `  ETA ${formatSeconds(Math.ceil((total - Math.min(done, total)) / rate))}` : "";
      const bar = `[${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} rows  ${rate.toLocaleString("en-US")} rows/s${eta}`;
      stderr.write(`\r${bar}\x1b[K`);
    },
    done() {
      if (drawn) stderr.write("\r\x1b[K");
      drawn = false;
    },
  };
}
