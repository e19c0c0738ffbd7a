// The page every mimic report is: one self-contained HTML file with inline CSS and SVG, no script,
// no network, so it opens anywhere (a mail attachment, an air-gapped laptop) and prints well.
import { escapeHtml } from "./escape.js";
import { REPORT_CSS } from "./style.js";

export interface PageParts {
  /** The browser tab's title (plain text). */
  title: string;
  /** The header's heading (plain text). */
  heading: string;
  /** The line under the heading (plain text). */
  subtitle: string;
  /** The main content: HTML built with this kit. */
  body: string;
  /** The footer (HTML), if any. */
  footer?: string;
}

/**
 * A whole report page.
 *
 * @example
 * writeFileSync("report.html", htmlPage({ title: "t", heading: "Readings", subtitle: "3 devices", body: section("Summary", "…") }));
 */
export function htmlPage(parts: PageParts): string {
  const footer = parts.footer === undefined ? "" : `\n<footer>${parts.footer}</footer>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(parts.title)}</title><style>${REPORT_CSS}</style></head>
<body><header><h1>${escapeHtml(parts.heading)}</h1><p>${escapeHtml(parts.subtitle)}</p></header>
<main>
${parts.body}${footer}
</main></body></html>
`;
}
