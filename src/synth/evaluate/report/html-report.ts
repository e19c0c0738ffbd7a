// The evaluation as one self-contained HTML page, drawn with the report kit (src/report/).
import { dcrOverfittingFloor, privacyReadings } from "../privacy-reading.js";
import { escapeHtml, formatScore, heatmapSvg, htmlPage, legend, pairedBarsSvg, scoreCard, stepHistogramSvg, twoSeriesBarsSvg } from "../../../report/index.js";
import type { Evaluation } from "../evaluate.js";
import type { ColumnPlot } from "../plots.js";

export interface ReportLabels {
  real: string;
  synthetic: string;
  holdout?: string;
}

const fmt = formatScore;

/** A column's plot: a histogram for numbers and dates, bars for categories; real as series a. */
function columnSvg(plot: ColumnPlot): string {
  const series = { name: plot.column, a: plot.real, b: plot.synthetic, names: ["real", "synthetic"] as const };
  return plot.kind === "histogram" ? stepHistogramSvg(series, [plot.labels[0]!, plot.labels[1]!]) : twoSeriesBarsSvg(series, plot.labels);
}

/**
 * Renders an evaluation as a standalone HTML page.
 *
 * @example
 * await writeFile("report.html", renderReport(evaluation, { real: "cars.csv", synthetic: "synth.csv" }));
 */
/** The copies card's comparison with chance: copies of held-out rows, and how many training copies chance makes. */
function copiesNote(c: NonNullable<Evaluation["privacy"]["copies"]>): string {
  const n = c.training + c.holdout;
  if (n === 0) return "no copy of a held-out row either";
  return `${c.holdout} cop${c.holdout === 1 ? "y" : "ies"} of held-out rows; chance makes ${fmt(c.expected, 1)} of the ${n} ${n === 1 ? "copy a training one" : "copies training ones"} (p ${fmt(c.pValue, 2)})`;
}

export function renderReport(e: Evaluation, labels: ReportLabels): string {
  const q = e.quality,
    b = e.baseline.quality,
    p = e.privacy,
    bp = e.baseline.privacy;
  const shapeScore = new Map(q.shapes.map((s) => [s.column, s]));
  const cards = [
    scoreCard({
      title: "Overall quality",
      value: q.score,
      baseline: b.score,
      note: `SDMetrics' score, pairs with real |ρ| &gt; 0.5 or Cramér's V &gt; 0.3 (${q.pairsMeetingThreshold} of ${q.pairs.length}); all pairs: ${fmt(q.scoreAllPairs)}`,
    }),
    scoreCard({ title: "Column shapes", value: q.columnShapes, baseline: b.columnShapes, note: "KSComplement / TVComplement, mean over columns" }),
    scoreCard({
      title: "Column pair trends",
      value: q.columnPairTrends,
      baseline: b.columnPairTrends,
      note: `thresholded; all pairs ${fmt(q.columnPairTrendsAllPairs)}`,
    }),
    scoreCard({ title: "Validity", value: q.validity, baseline: b.validity, note: "boundaries, categories, missing values, keys", good: 0.95, warn: 0.85 }),
    scoreCard({
      title: "DCR baseline protection",
      value: p.dcrBaselineProtection,
      baseline: bp.dcrBaselineProtection,
      // With a holdout, unseen real rows are the reference: synthetic rows as far from the training
      // rows as they are is all faithful data can reach (issue 6's 0.5 was not reachable).
      note:
        `median DCR ${fmt(p.medianDcr)} vs random ${fmt(p.medianDcrRandom)}` +
        (p.holdoutDcrBaselineProtection === undefined ? "" : `; held-out real rows score ${fmt(p.holdoutDcrBaselineProtection)}`),
      good: p.holdoutDcrBaselineProtection === undefined ? 0.5 : Math.min(0.5, p.holdoutDcrBaselineProtection),
      warn: p.holdoutDcrBaselineProtection === undefined ? 0.2 : Math.min(0.2, p.holdoutDcrBaselineProtection / 2),
    }),
    ...(p.dcrOverfittingProtection === undefined
      ? []
      : [
          scoreCard({
            title: "DCR overfitting protection",
            value: p.dcrOverfittingProtection,
            baseline: bp.dcrOverfittingProtection,
            note:
              `${fmt((p.closerToTraining ?? 0) * 100, 1)}% of rows closer to training than holdout` +
              (p.dcrOverfittingNoise === undefined ? "" : `; no-memorisation range ${fmt(p.dcrOverfittingNoise.low)}–${fmt(p.dcrOverfittingNoise.high)}`),
            // Green only where the plain-words reading says no sign of memorised rows (≥ 0.9, or
            // within what chance gives on these rows); amber where rows lean toward the training data.
            good: dcrOverfittingFloor(p),
            warn: 0.5,
          }),
        ]),
    ...(p.membershipAdvantage === undefined
      ? []
      : [
          scoreCard({
            title: "Membership inference advantage",
            value: 1 - p.membershipAdvantage,
            baseline: bp.membershipAdvantage === undefined ? undefined : 1 - bp.membershipAdvantage,
            note: `1 − advantage ${fmt(p.membershipAdvantage)} of a distance-threshold attack (TPR − FPR)`,
            good: 0.8,
            warn: 0.6,
          }),
        ]),
    `<div class="card ${p.exactCopies === 0 ? "good" : p.exactCopyShare <= bp.exactCopyShare ? "warn" : "bad"}"><h3>Exact copies of real rows</h3><div class="value">${p.exactCopies}</div><div class="note">${fmt(p.exactCopyShare * 100, 2)}% of synthetic rows · independent-columns baseline ${fmt(bp.exactCopyShare * 100, 2)}%${p.copies === undefined ? "" : ` · ${copiesNote(p.copies)}`}</div></div>`,
  ];
  const panels = e.plots.columns.map((plot) => {
    const s = shapeScore.get(plot.column);
    return `<div class="panel"><h4>${escapeHtml(plot.column)}<span>${s ? `${s.metric} ${fmt(s.score)}` : ""}</span></h4>${columnSvg(plot)}</div>`;
  });
  const c = e.plots.correlation;
  const heatmaps =
    c.columns.length >= 2
      ? `<div class="heatmaps">${heatmapSvg("Real data", c.columns, c.real)}${heatmapSvg("Synthetic data", c.columns, c.synthetic)}</div>`
      : `<p class="lead">Fewer than two numerical columns: no correlation matrix to show.</p>`;
  const worst = [...q.pairs].sort((x, y) => x.score - y.score);
  const pairRow = (pr: (typeof worst)[number]): string =>
    `<tr><td>${escapeHtml(pr.columns[0])} × ${escapeHtml(pr.columns[1])}</td><td>${pr.metric}</td><td class="num">${fmt(pr.score)}</td><td class="num">${pr.metric === "CorrelationSimilarity" ? `ρ ${fmt(pr.realCorrelation, 2)} → ${fmt(pr.syntheticCorrelation, 2)}` : `V ${fmt(pr.realAssociation, 2)}`}</td><td>${pr.meetsThreshold ? '<span class="pill yes">counts</span>' : pr.nearUnique ? `<span class="pill">${escapeHtml(pr.nearUnique)} near-unique: V meaningless</span>` : '<span class="pill">below threshold</span>'}</td></tr>`;
  const pairHead = "<tr><th>Pair</th><th>Metric</th><th>Score</th><th>Real → synthetic</th><th>Threshold</th></tr>";
  const NOT_COMPARED: Record<string, string> = {
    identifier: "identifier: regenerated unique by mimic; only KeyUniqueness applies",
    email: "personal data (emails): replaced by a generator, not compared",
    phone: "personal data (phone numbers): replaced by a generator, not compared",
    name: "personal data (names): replaced by a generator, not compared",
    text: "free text: replaced by random words, not compared",
    empty: "empty in the real table",
  };
  const columnRows = e.columns
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.inferred)}</td><td>${escapeHtml(NOT_COMPARED[c.inferred] ?? `compared as ${c.sdtype}`)}</td></tr>`,
    )
    .join("");
  const validityRows = q.validityDetails
    .map((v) => `<tr><td>${escapeHtml(v.column)}</td><td>${v.metric}</td><td class="num">${fmt(v.score)}</td></tr>`)
    .join("");
  const relationships = q.relationships ?? [];
  const relationshipSection =
    relationships.length === 0
      ? ""
      : `<section><h2>Exact relationships</h2><p class="lead">Relationships the real table keeps on at least 99% of its rows (one column determining another, arithmetic, orderings, rows grouped under one id), and the share of synthetic rows that keep them; a determining value's real mapping is the reference.</p>
<table><tr><th>Relationship</th><th>Real</th><th>Synthetic</th><th>Synthetic rows</th></tr>${relationships.map((r) => `<tr${r.synthetic < r.real - 0.01 ? ' class="weak"' : ""}><td>${escapeHtml(r.relationship)}</td><td class="num">${fmt(r.real * 100, 2)}%</td><td class="num">${fmt(r.synthetic * 100, 2)}%</td><td class="num">${r.rows.toLocaleString("en-US")}</td></tr>`).join("")}</table></section>`;
  const invalid = e.invalidValues ?? [];
  const invalidSection =
    invalid.length === 0
      ? ""
      : `<section class="alert"><h2>Values that are not of the column's type</h2><p class="lead">These values do not parse as the real column's type. They are counted as mismatches (they lower the column's KSComplement and BoundaryAdherence), not dropped as empty values.</p>
<table><tr><th>Table</th><th>Column</th><th>Bad values</th><th>Share</th><th>Expected</th><th>Examples</th></tr>${invalid.map((v) => `<tr><td>${escapeHtml(v.table)}</td><td>${escapeHtml(v.column)}</td><td class="num">${v.count.toLocaleString("en-US")}</td><td class="num">${fmt(v.share * 100, 1)}%</td><td>${escapeHtml(v.expected)}</td><td>${v.examples.map((x) => escapeHtml(JSON.stringify(x))).join(", ")}</td></tr>`).join("")}</table></section>`;
  const rows = `${e.rows.real.toLocaleString("en-US")} real rows · ${e.rows.synthetic.toLocaleString("en-US")} synthetic rows${e.rows.holdout === undefined ? "" : ` · ${e.rows.holdout.toLocaleString("en-US")} holdout rows`}`;
  return htmlPage({
    title: `mimic evaluation: ${labels.synthetic} vs ${labels.real}`,
    heading: "How alike, how private",
    subtitle: `${labels.synthetic} compared with ${labels.real}${labels.holdout ? ` (holdout ${labels.holdout})` : ""} · ${rows}`,
    body: `${invalidSection}
<section><div class="cards">${cards.join("")}</div>
<p class="lead" style="margin-top:12px">Each bar shows the score; the dark tick marks the same score for a baseline that samples every column independently from the real data — what you would get without learning any relationship between columns.</p></section>
<section><h2>Column distributions</h2><p class="lead">Real data in blue, synthetic in orange, on the real column's range.</p>
${legend([
  { label: "real", colour: "var(--a)" },
  { label: "synthetic", colour: "var(--b)" },
])}
<div class="grid">${panels.join("")}</div></section>
<section><h2>Correlations</h2><p class="lead">Pearson correlation between numerical and datetime columns; red is positive, blue negative. The two maps should look alike.</p>${heatmaps}</section>
<section><h2>Column pairs, weakest first</h2><p class="lead">CorrelationSimilarity = 1 − |ρ<sub>real</sub> − ρ<sub>synthetic</sub>| / 2; ContingencySimilarity = 1 − total variation distance of the two contingency tables (numbers in 10 equal-width bins).</p>
<table>${pairHead}${worst.slice(0, 15).map(pairRow).join("")}</table>${worst.length > 15 ? `<details><summary>All ${worst.length} pairs</summary><table>${pairHead}${worst.slice(15).map(pairRow).join("")}</table></details>` : ""}</section>
${
  e.utility && e.utility.length > 0
    ? `<section><h2>Utility: train on synthetic, test on real</h2><p class="lead">A logistic regression (a ridge regression for a number target) learns each target from the other columns on the real training rows (TRTR) and on the synthetic rows (TSTR); both are tested on the held-out real rows, by macro-F1 (R² for a number). A ratio near 1: the synthetic rows serve as well as the real ones.</p><table><tr><th>Target</th><th>score</th><th>trained on real</th><th>on synthetic</th><th>ratio</th></tr>${e.utility
        .map(
          (u) =>
            `<tr><td>${escapeHtml(u.target)}</td><td>${u.metric === "r2" ? "R²" : "macro-F1"}</td><td class="num">${fmt(u.trtr)}</td><td class="num">${fmt(u.tstr)}</td><td class="num">${fmt(u.ratio)}</td></tr>`,
        )
        .join("")}</table></section>`
    : ""
}
<section><h2>Privacy in plain words</h2><ul>${privacyReadings(p)
      .map((r) => `<li>${escapeHtml(r)}</li>`)
      .join("")}</ul></section>
<section><h2>Privacy: distance to the closest real row</h2><p class="lead">For ${p.dcrRows.toLocaleString("en-US")} synthetic rows (orange) and as many uniformly random rows (grey), the distance to the nearest of ${p.dcrReferenceRows.toLocaleString("en-US")} real rows, averaged over columns (numbers scaled by the real range, categories 0 or 1). Synthetic rows piled up at 0 would be copies.</p>
<div class="panel">${pairedBarsSvg({ name: "DCR", a: e.plots.dcr.random, b: e.plots.dcr.synthetic, names: ["random", "synthetic"] }, e.plots.dcr.edges, "distance to the closest real row (0 = a copy)")}</div>
${legend([
  { label: "synthetic", colour: "var(--b)" },
  { label: "random baseline", colour: "var(--c)" },
])}</section>
<section><h2>Columns</h2><p class="lead">The type found for each column of the real table, and how it is compared.</p><table><tr><th>Column</th><th>Type</th><th>Compared</th></tr>${columnRows}</table></section>
${relationshipSection}
<section><h2>Validity</h2><table><tr><th>Column</th><th>Metric</th><th>Score</th></tr>${validityRows}</table></section>`,
    footer: `Metrics follow SDMetrics' definitions (KSComplement, TVComplement, CorrelationSimilarity, ContingencySimilarity, BoundaryAdherence, CategoryAdherence, MissingValueSimilarity, KeyUniqueness, DCRBaselineProtection, DCROverfittingProtection), so scores are comparable with SDV's reports. Generated by mimic.`,
  });
}
