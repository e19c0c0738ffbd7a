/** Text as HTML or SVG text: the five characters that could open markup are escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A number for a report: fixed digits, or "n/a" for a missing or undefined value. */
export function formatScore(x: number | undefined, digits = 3): string {
  return x === undefined || Number.isNaN(x) ? "n/a" : x.toFixed(digits);
}
