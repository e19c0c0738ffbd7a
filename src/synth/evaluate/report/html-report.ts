// The evaluation as one self-contained HTML file: inline CSS and SVG, no script, no network, so
// it opens anywhere (a mail attachment, an air-gapped laptop) and prints well.
import type { Evaluation } from "../evaluate.js";
import { columnSvg, dcrSvg, escapeHtml, heatmapSvg } from "./svg.js";

export interface ReportLabels {
  real: string;
  synthetic: string;
  holdout?: string;
}

const CSS = `
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--good:#2f8f5b;--warn:#c98a16;--bad:#c0392b;--real:#3b6ea8;--synth:#e8833a}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f5f7fa}
header{background:#1f2933;color:#fff;padding:28px 40px}header h1{margin:0 0 4px;font-size:24px}header p{margin:0;color:#cbd2d9}
main{max-width:1280px;margin:0 auto;padding:24px 40px 60px}h2{font-size:19px;margin:36px 0 6px}p.lead{color:var(--muted);margin:0 0 16px;max-width:900px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:14px}
.card{background:#fff;border-radius:10px;padding:16px 18px;box-shadow:0 1px 3px rgba(0,0,0,.08);border-top:5px solid var(--line)}
.card.good{border-top-color:var(--good)}.card.warn{border-top-color:var(--warn)}.card.bad{border-top-color:var(--bad)}
.card h3{margin:0;font-size:13px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.card .value{font-size:34px;font-weight:700;margin:4px 0}.card .note{font-size:13px;color:var(--muted)}
.meter{height:6px;background:#eef0f3;border-radius:3px;position:relative;margin:8px 0 6px}.meter span{position:absolute;top:0;bottom:0;left:0;border-radius:3px;background:var(--synth)}
.meter i{position:absolute;top:-3px;width:2px;height:12px;background:#52606d}
.legend{display:flex;gap:18px;font-size:13px;color:var(--muted);margin:6px 0 12px}.legend b{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:14px}
.panel{background:#fff;border-radius:10px;padding:12px 14px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.panel h4{margin:0 0 6px;font-size:14px;display:flex;justify-content:space-between;gap:8px}.panel h4 span{font-weight:500;color:var(--muted);white-space:nowrap}
svg{width:100%;height:auto;display:block}svg .axis{font-size:10px;fill:#52606d}svg .cell{font-size:10px;fill:#1f2933}
.heatmaps{display:flex;flex-wrap:wrap;gap:18px}.heatmap{background:#fff;border-radius:10px;padding:12px;margin:0;box-shadow:0 1px 3px rgba(0,0,0,.08);flex:1 1 380px}
.heatmap figcaption{font-weight:600;margin-bottom:6px}.heatmap svg{max-width:100%}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:10px;overflow:hidden;box-shadow:0 1px 3px rgba(0,0,0,.08);font-size:14px}
th,td{padding:7px 12px;border-bottom:1px solid var(--line);text-align:left}th{background:#f0f2f5;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}tr.weak td{background:#fdecea}
.pill{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#eef0f3}.pill.yes{background:#e3f3ea;color:var(--good)}
.alert{background:#fdf1e7;border-left:5px solid var(--bad);border-radius:10px;padding:12px 18px;margin-top:18px}.alert h2{margin:0 0 6px;color:var(--bad)}
details{margin-top:10px}summary{cursor:pointer;color:var(--real)}footer{color:var(--muted);font-size:13px;margin-top:40px;max-width:900px}
`;

const fmt = (x: number | undefined, digits = 3): string => (x === undefined || Number.isNaN(x) ? "n/a" : x.toFixed(digits));
const grade = (x: number, good = 0.85, warn = 0.7): string => (Number.isNaN(x) ? "" : x >= good ? "good" : x >= warn ? "warn" : "bad");

function card(title: string, value: number, baseline: number | undefined, note: string, good = 0.85, warn = 0.7): string {
  const meter = Number.isNaN(value) ? "" : `<div class="meter"><span style="width:${(Math.max(0, Math.min(1, value)) * 100).toFixed(1)}%"></span>${baseline === undefined || Number.isNaN(baseline) ? "" : `<i style="left:${(Math.max(0, Math.min(1, baseline)) * 100).toFixed(1)}%" title="baseline"></i>`}</div>`;
  const base = baseline === undefined ? "" : ` · baseline ${fmt(baseline)}`;
  return `<div class="card ${grade(value, good, warn)}"><h3>${escapeHtml(title)}</h3><div class="value">${fmt(value)}</div>${meter}<div class="note">${note}${base}</div></div>`;
}

/**
 * Renders an evaluation as a standalone HTML page.
 *
 * @example
 * await writeFile("report.html", renderReport(evaluation, { real: "cars.csv", synthetic: "synth.csv" }));
 */
export function renderReport(e: Evaluation, labels: ReportLabels): string {
  const q = e.quality, b = e.baseline.quality, p = e.privacy, bp = e.baseline.privacy;
  const shapeScore = new Map(q.shapes.map((s) => [s.column, s]));
  const cards = [
    card("Overall quality", q.score, b.score, `SDMetrics' score, pairs with real |ρ| &gt; 0.5 or Cramér's V &gt; 0.3 (${q.pairsMeetingThreshold} of ${q.pairs.length}); all pairs: ${fmt(q.scoreAllPairs)}`),
    card("Column shapes", q.columnShapes, b.columnShapes, "KSComplement / TVComplement, mean over columns"),
    card("Column pair trends", q.columnPairTrends, b.columnPairTrends, `thresholded; all pairs ${fmt(q.columnPairTrendsAllPairs)}`),
    card("Validity", q.validity, b.validity, "boundaries, categories, missing values, keys", 0.95, 0.85),
    card("DCR baseline protection", p.dcrBaselineProtection, bp.dcrBaselineProtection, `median DCR ${fmt(p.medianDcr)} vs random ${fmt(p.medianDcrRandom)}`, 0.5, 0.2),
    ...(p.dcrOverfittingProtection === undefined ? [] : [card("DCR overfitting protection", p.dcrOverfittingProtection, bp.dcrOverfittingProtection, `${fmt((p.closerToTraining ?? 0) * 100, 1)}% of rows closer to training than holdout`, 0.8, 0.5)]),
    `<div class="card ${p.exactCopies === 0 ? "good" : p.exactCopyShare <= bp.exactCopyShare ? "warn" : "bad"}"><h3>Exact copies of real rows</h3><div class="value">${p.exactCopies}</div><div class="note">${fmt(p.exactCopyShare * 100, 2)}% of synthetic rows · independent-columns baseline ${fmt(bp.exactCopyShare * 100, 2)}%</div></div>`,
  ];
  const panels = e.plots.columns.map((plot) => {
    const s = shapeScore.get(plot.column);
    return `<div class="panel"><h4>${escapeHtml(plot.column)}<span>${s ? `${s.metric} ${fmt(s.score)}` : ""}</span></h4>${columnSvg(plot)}</div>`;
  });
  const c = e.plots.correlation;
  const heatmaps = c.columns.length >= 2 ? `<div class="heatmaps">${heatmapSvg("Real data", c.columns, c.real)}${heatmapSvg("Synthetic data", c.columns, c.synthetic)}</div>` : `<p class="lead">Fewer than two numerical columns: no correlation matrix to show.</p>`;
  const worst = [...q.pairs].sort((x, y) => x.score - y.score);
  const pairRow = (pr: (typeof worst)[number]): string =>
    `<tr><td>${escapeHtml(pr.columns[0])} × ${escapeHtml(pr.columns[1])}</td><td>${pr.metric}</td><td class="num">${fmt(pr.score)}</td><td class="num">${pr.metric === "CorrelationSimilarity" ? `ρ ${fmt(pr.realCorrelation, 2)} → ${fmt(pr.syntheticCorrelation, 2)}` : `V ${fmt(pr.realAssociation, 2)}`}</td><td>${pr.meetsThreshold ? '<span class="pill yes">counts</span>' : '<span class="pill">below threshold</span>'}</td></tr>`;
  const pairHead = "<tr><th>Pair</th><th>Metric</th><th>Score</th><th>Real → synthetic</th><th>Threshold</th></tr>";
  const NOT_COMPARED: Record<string, string> = {
    identifier: "identifier: regenerated unique by mimic; only KeyUniqueness applies",
    email: "personal data (emails): replaced by a generator, not compared",
    phone: "personal data (phone numbers): replaced by a generator, not compared",
    name: "personal data (names): replaced by a generator, not compared",
    text: "free text: replaced by random words, not compared",
    empty: "empty in the real table",
  };
  const columnRows = e.columns.map((c) => `<tr><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.inferred)}</td><td>${escapeHtml(NOT_COMPARED[c.inferred] ?? `compared as ${c.sdtype}`)}</td></tr>`).join("");
  const validityRows = q.validityDetails.map((v) => `<tr><td>${escapeHtml(v.column)}</td><td>${v.metric}</td><td class="num">${fmt(v.score)}</td></tr>`).join("");
  const relationships = q.relationships ?? [];
  const relationshipSection = relationships.length === 0 ? "" : `<section><h2>Exact relationships</h2><p class="lead">Relationships the real table keeps on at least 99% of its rows (one column determining another, arithmetic, orderings, rows grouped under one id), and the share of synthetic rows that keep them; a determining value's real mapping is the reference.</p>
<table><tr><th>Relationship</th><th>Real</th><th>Synthetic</th><th>Synthetic rows</th></tr>${relationships.map((r) => `<tr${r.synthetic < r.real - 0.01 ? ' class="weak"' : ""}><td>${escapeHtml(r.relationship)}</td><td class="num">${fmt(r.real * 100, 2)}%</td><td class="num">${fmt(r.synthetic * 100, 2)}%</td><td class="num">${r.rows.toLocaleString("en-US")}</td></tr>`).join("")}</table></section>`;
  const invalid = e.invalidValues ?? [];
  const invalidSection = invalid.length === 0 ? "" : `<section class="alert"><h2>Values that are not of the column's type</h2><p class="lead">These values do not parse as the real column's type. They are counted as mismatches (they lower the column's KSComplement and BoundaryAdherence), not dropped as empty values.</p>
<table><tr><th>Table</th><th>Column</th><th>Bad values</th><th>Share</th><th>Expected</th><th>Examples</th></tr>${invalid.map((v) => `<tr><td>${escapeHtml(v.table)}</td><td>${escapeHtml(v.column)}</td><td class="num">${v.count.toLocaleString("en-US")}</td><td class="num">${fmt(v.share * 100, 1)}%</td><td>${escapeHtml(v.expected)}</td><td>${v.examples.map((x) => escapeHtml(JSON.stringify(x))).join(", ")}</td></tr>`).join("")}</table></section>`;
  const rows = `${e.rows.real.toLocaleString("en-US")} real rows · ${e.rows.synthetic.toLocaleString("en-US")} synthetic rows${e.rows.holdout === undefined ? "" : ` · ${e.rows.holdout.toLocaleString("en-US")} holdout rows`}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>mimic evaluation: ${escapeHtml(labels.synthetic)} vs ${escapeHtml(labels.real)}</title><style>${CSS}</style></head>
<body><header><h1>How alike, how private</h1><p>${escapeHtml(labels.synthetic)} compared with ${escapeHtml(labels.real)}${labels.holdout ? ` (holdout ${escapeHtml(labels.holdout)})` : ""} · ${rows}</p></header>
<main>
${invalidSection}
<section><div class="cards">${cards.join("")}</div>
<p class="lead" style="margin-top:12px">Each bar shows the score; the dark tick marks the same score for a baseline that samples every column independently from the real data — what you would get without learning any relationship between columns.</p></section>
<section><h2>Column distributions</h2><p class="lead">Real data in blue, synthetic in orange, on the real column's range.</p>
<div class="legend"><span><b style="background:var(--real)"></b>real</span><span><b style="background:var(--synth)"></b>synthetic</span></div>
<div class="grid">${panels.join("")}</div></section>
<section><h2>Correlations</h2><p class="lead">Pearson correlation between numerical and datetime columns; red is positive, blue negative. The two maps should look alike.</p>${heatmaps}</section>
<section><h2>Column pairs, weakest first</h2><p class="lead">CorrelationSimilarity = 1 − |ρ<sub>real</sub> − ρ<sub>synthetic</sub>| / 2; ContingencySimilarity = 1 − total variation distance of the two contingency tables (numbers in 10 equal-width bins).</p>
<table>${pairHead}${worst.slice(0, 15).map(pairRow).join("")}</table>${worst.length > 15 ? `<details><summary>All ${worst.length} pairs</summary><table>${pairHead}${worst.slice(15).map(pairRow).join("")}</table></details>` : ""}</section>
<section><h2>Privacy: distance to the closest real row</h2><p class="lead">For ${p.dcrRows.toLocaleString("en-US")} synthetic rows (orange) and as many uniformly random rows (grey), the distance to the nearest of ${p.dcrReferenceRows.toLocaleString("en-US")} real rows, averaged over columns (numbers scaled by the real range, categories 0 or 1). Synthetic rows piled up at 0 would be copies.</p>
<div class="panel">${dcrSvg(e.plots.dcr)}</div>
<div class="legend"><span><b style="background:var(--synth)"></b>synthetic</span><span><b style="background:#9aa3ad"></b>random baseline</span></div></section>
<section><h2>Columns</h2><p class="lead">The type found for each column of the real table, and how it is compared.</p><table><tr><th>Column</th><th>Type</th><th>Compared</th></tr>${columnRows}</table></section>
${relationshipSection}
<section><h2>Validity</h2><table><tr><th>Column</th><th>Metric</th><th>Score</th></tr>${validityRows}</table></section>
<footer>Metrics follow SDMetrics' definitions (KSComplement, TVComplement, CorrelationSimilarity, ContingencySimilarity, BoundaryAdherence, CategoryAdherence, MissingValueSimilarity, KeyUniqueness, DCRBaselineProtection, DCROverfittingProtection), so scores are comparable with SDV's reports. Generated by mimic.</footer>
</main></body></html>
`;
}
