// The report kit: self-contained HTML pages with inline SVG charts, one look for every report
// (the evaluation report, the analysis report). Pure string building: no I/O, no script, no network.
export { escapeHtml, formatScore } from "./escape.js";
export { htmlPage, type PageParts } from "./page.js";
export { grade, legend, panel, scoreCard, table, valueCard, type ScoreCard } from "./blocks.js";
export { REPORT_CSS, SERIES_A, SERIES_B, SERIES_MUTED } from "./style.js";
export { heatmapSvg, pairedBarsSvg, stepHistogramSvg, twoSeriesBarsSvg, type TwoSeries } from "./charts.js";
