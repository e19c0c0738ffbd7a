// `mimic train --report`: the evaluation as one self-contained page in the report kit's look (as
// analyze's and evaluate's reports): the honest scores beside the baseline, the seed's protocol
// beside the honest one, per-class precision and recall, and the confusion matrix.
import { escapeHtml, formatScore, heatmapSvg, htmlPage, scoreCard, table, valueCard } from "../report/index.js";
import type { CrossValidation } from "./cv.js";
import type { Evaluation, Interval } from "./metrics.js";
import type { HonestResult, SeedResult } from "./protocol.js";

/** Most classes drawn as a confusion heatmap and printed as a count table (beyond, cells would be unreadable). */
export const REPORT_MATRIX_CLASSES = 40;

export interface TrainReportInput {
  /** What was predicted ("device", "room") and from where. */
  target: string;
  source: string;
  features: readonly string[];
  classes: readonly string[];
  /** The model as shown ("forest", "svm (rbf)"). */
  modelName: string;
  rows: number;
  dropped: number;
  honest: Omit<HonestResult, "pipeline">;
  seed: SeedResult;
}

const ci = (i: Interval): string => `${formatScore(i.value)} <span class="ci">(${formatScore(i.low)}–${formatScore(i.high)})</span>`;
const count = (n: number): string => n.toLocaleString("en-US");
const day = (t: number): string => new Date(t * 1000).toISOString().slice(0, 16).replace("T", " ");

function protocolTable(r: TrainReportInput): string {
  const h = r.honest;
  const row = (what: string, how: string, e: Pick<Evaluation, "accuracy" | "macroF1"> | null, accuracy?: number): string[] => [
    what,
    how,
    e ? ci(e.accuracy) : formatScore(accuracy),
    e ? ci(e.macroF1) : "—",
  ];
  const cv: CrossValidation = h.cv;
  return table(
    ["", "protocol", "accuracy (95% CI)", "macro-F1 (95% CI)"],
    [
      row(escapeHtml(r.modelName), `honest: trained on the earliest ${count(h.split.train)} readings, tested on the latest ${count(h.split.test)}`, h.model),
      row("majority baseline", "the most frequent class of the training part, on the same test part", h.baseline),
      row(escapeHtml(r.modelName), `${cv.folds.length} rolling time folds inside the training part (${count(cv.rows)} readings), pooled`, cv.pooled),
      row(escapeHtml(r.modelName), "the seed's: shuffled 75/25 split, no scaling", null, r.seed.randomSplitAccuracy),
      row(escapeHtml(r.modelName), "the seed's: 5-fold cross-validation on its test split (what it reported)", null, r.seed.testSplitCvAccuracy),
    ],
    [false, false, true, true],
  );
}

function perClassTable(r: TrainReportInput): string {
  const m = r.honest.model;
  const rows = m.perClass.map((c, i) => [escapeHtml(r.classes[i]!), formatScore(c.precision), formatScore(c.recall), formatScore(c.f1), count(c.support)]);
  return `<div class="table-wrap">${table([escapeHtml(r.target), "precision", "recall", "F1", "test readings"], rows, [false, true, true, true, true])}</div>`;
}

function confusion(r: TrainReportInput): string {
  const k = r.classes.length;
  const m = r.honest.model.confusion;
  if (k > REPORT_MATRIX_CLASSES)
    return `<p class="empty">${count(k)} classes: the matrix (in the JSON output) is too large to draw; the per-class table above carries its diagonal.</p>`;
  // Each row as shares of the true class's test readings: its diagonal cell is that class's recall.
  const shares = Array.from({ length: k }, (_, t) => {
    const total = m.slice(t * k, t * k + k).reduce((a, b) => a + b, 0);
    return Array.from({ length: k }, (_, p) => (total === 0 ? null : m[t * k + p]! / total));
  });
  const heat = heatmapSvg(
    `Share of each true ${r.target}'s test readings (rows) predicted as each ${r.target} (columns, in the same order)`,
    r.classes,
    shares,
  );
  const counts = table(
    [`true \\ predicted`, ...r.classes.map(escapeHtml)],
    Array.from({ length: k }, (_, t) => [escapeHtml(r.classes[t]!), ...Array.from({ length: k }, (_, p) => count(m[t * k + p]!))]),
    [false, ...r.classes.map(() => true)],
  );
  // The kit's svg rule fills the width: capped, so a few classes do not draw cells a hand wide.
  return `<div class="heatmaps" style="max-width:${Math.min(900, 160 + 48 * k)}px">${heat}</div><details><summary>Counts</summary><div class="table-wrap">${counts}</div></details>`;
}

function autoTable(r: TrainReportInput): string {
  const a = r.honest.auto;
  if (!a) return "";
  const rows = a.candidates.map((c) => [
    c.name === a.chosen.name ? `<b>${escapeHtml(c.name)}</b> <span class="pill yes">chosen</span>` : escapeHtml(c.name),
    ci(c.cv.pooled.accuracy),
    ci(c.cv.pooled.macroF1),
  ]);
  return `<h2>How auto chose</h2><p class="lead">${escapeHtml(a.reason)}.</p>${table(["candidate", "accuracy (95% CI)", "macro-F1 (95% CI)"], rows, [false, true, true])}`;
}

/** The evaluation as one HTML page (inline CSS and SVG, no script, no network). */
export function renderTrainReport(r: TrainReportInput): string {
  const h = r.honest;
  const leak = r.seed.testSplitCvAccuracy - h.model.accuracy.value;
  const cards = `<div class="cards">${scoreCard({
    title: "Honest accuracy",
    value: h.model.accuracy.value,
    baseline: h.baseline.accuracy.value,
    note: `95% CI ${formatScore(h.model.accuracy.low)}–${formatScore(h.model.accuracy.high)}`,
  })}${scoreCard({
    title: "Honest macro-F1",
    value: h.model.macroF1.value,
    baseline: h.baseline.macroF1.value,
    note: `95% CI ${formatScore(h.model.macroF1.low)}–${formatScore(h.model.macroF1.high)}`,
  })}${valueCard(
    "The seed's protocol",
    formatScore(r.seed.testSplitCvAccuracy),
    leak > 0
      ? `${formatScore(leak)} above the honest accuracy: leakage between neighbouring readings`
      : `${formatScore(-leak)} below the honest accuracy: little leaks here, and unscaled features cost`,
    leak > 0.05 ? "warn" : "",
  )}${valueCard("Time split", `${count(h.split.train)} / ${count(h.split.test)}`, `train / test readings, ${count(h.split.gap)} in the gap between`, "accent")}</div>`;
  const body = [
    cards,
    `<h2>Honest evaluation vs the seed's protocol</h2><p class="lead">Honest: split by time (train ${day(h.split.trainFrom)} – ${day(h.split.trainTo)} UTC, test ${day(h.split.testFrom)} – ${day(h.split.testTo)} UTC), features standardised on the training part only, 95% bootstrap intervals, beside the majority-class baseline. The seed's protocol shuffles neighbouring readings into both parts, so a model is scored on near-copies of what it learned.</p>${protocolTable(r)}`,
    autoTable(r),
    `<h2>Per ${escapeHtml(r.target)} on the test part</h2><p class="lead">Precision: of the readings predicted as this ${escapeHtml(r.target)}, the share that were; recall: of its readings, the share found.</p>${perClassTable(r)}`,
    `<h2>Confusion matrix</h2><p class="lead">Which ${escapeHtml(r.target)} the model named for each ${escapeHtml(r.target)}'s test readings; the diagonal is each class's recall.</p>${confusion(r)}`,
  ].join("\n");
  return htmlPage({
    title: `mimic train: ${r.modelName} on ${r.source}`,
    heading: `Which ${r.target} sent this reading: ${r.modelName}`,
    subtitle: `${count(r.rows)} readings of ${count(r.classes.length)} ${r.target === "room" ? "rooms" : "devices"} from ${r.source}; features ${r.features.join(", ")}${r.dropped > 0 ? `; ${count(r.dropped)} readings with a missing feature left out` : ""}`,
    body,
    footer: `Written by <code>mimic train</code>. Scores are on the latest readings, which the model never saw; the seed's protocol is shown to measure how much of its 1.00 was leakage.`,
  });
}
