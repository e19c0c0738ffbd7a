// The one-line summary every command that writes rows prints on stderr when it succeeds.

/** Where the rows went, for the summary: a path, or "stdout". */
export function describeOut(out: string): string {
  return out === "-" ? "stdout" : out;
}

/**
 * 1234567 as "1,234,567" (en-US grouping). Written out because the first `toLocaleString` call
 * loads ICU's number formatting: about 25 ms of CPU, at the end of every run that prints this line.
 */
export function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  const digits = String(Math.abs(n));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += "," + digits.slice(i, i + 3);
  return n < 0 ? "-" + out : out;
}

/**
 * `mimic: wrote 1,000,000 rows of coffee-sales to sales.csv as csv in 1.42 s (704,225 rows/s)`; the
 * rate only for runs large enough for it to mean something.
 */
export function wroteRowsLine(rows: number, what: string, out: string, format: string, seconds: number): string {
  const rate = rows >= 10_000 && seconds > 0 ? ` (${groupThousands(Math.round(rows / seconds))} rows/s)` : "";
  return `mimic: wrote ${groupThousands(rows)} ${rows === 1 ? "row" : "rows"} of ${what} to ${describeOut(out)} as ${format} in ${seconds.toFixed(2)} s${rate}\n`;
}
