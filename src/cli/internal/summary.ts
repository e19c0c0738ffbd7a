// The one-line summary every command that writes rows prints on stderr when it succeeds.

/** Where the rows went, for the summary: a path, or "stdout". */
export function describeOut(out: string): string {
  return out === "-" ? "stdout" : out;
}

/**
 * `mimic: wrote 1,000,000 rows of coffee-sales to sales.csv as csv in 1.42 s (704,225 rows/s)`; the
 * rate only for runs large enough for it to mean something.
 */
export function wroteRowsLine(rows: number, what: string, out: string, format: string, seconds: number): string {
  const rate = rows >= 10_000 && seconds > 0 ? ` (${Math.round(rows / seconds).toLocaleString("en-US")} rows/s)` : "";
  return `mimic: wrote ${rows.toLocaleString("en-US")} ${rows === 1 ? "row" : "rows"} of ${what} to ${describeOut(out)} as ${format} in ${seconds.toFixed(2)} s${rate}\n`;
}
