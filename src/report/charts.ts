// Hand-written SVG charts: no chart library, no network, a few KB per chart. Two series are
// compared in each (series a filled blue, series b orange), as shares that sum to 1 or as counts.
import { escapeHtml } from "./escape.js";
import { SERIES_A, SERIES_B, SERIES_MUTED } from "./style.js";

/** Two series over the same bins or categories, with their names for tooltips. */
export interface TwoSeries {
  /** What is plotted (a column, a field), for the accessible label and tooltips. */
  name: string;
  a: readonly number[];
  b: readonly number[];
  /** The series' names in tooltips, such as "real" and "synthetic". */
  names: readonly [string, string];
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const f = (x: number): string => (Math.round(x * 10) / 10).toString();

/** Series a as a filled bar histogram, series b as an outlined step line, over the same bins. */
export function stepHistogramSvg(s: TwoSeries, axis: readonly [string, string]): string {
  const w = 300, h = 150, pad = { l: 8, r: 8, t: 10, b: 24 };
  const max = Math.max(...s.a, ...s.b, 1e-9);
  const n = s.a.length;
  const x = (i: number): number => pad.l + ((w - pad.l - pad.r) * i) / n;
  const y = (v: number): number => h - pad.b - ((h - pad.t - pad.b) * v) / max;
  const step = (values: readonly number[]): string => {
    let d = `M${f(x(0))},${f(y(0))}`;
    values.forEach((v, i) => (d += ` L${f(x(i))},${f(y(v))} L${f(x(i + 1))},${f(y(v))}`));
    return d + ` L${f(x(n))},${f(y(0))}`;
  };
  const [an, bn] = s.names;
  const bars = s.a.map((v, i) => `<rect x="${f(x(i))}" y="${f(y(v))}" width="${f(x(i + 1) - x(i))}" height="${f(y(0) - y(v))}" fill="${SERIES_A}" fill-opacity="0.55"><title>${escapeHtml(s.name)} bin ${i + 1}: ${an} ${pct(v)}, ${bn} ${pct(s.b[i]!)}</title></rect>`).join("");
  return `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="Distribution of ${escapeHtml(s.name)}">${bars}<path d="${step(s.b)}" fill="none" stroke="${SERIES_B}" stroke-width="2"/><line x1="${pad.l}" x2="${w - pad.r}" y1="${f(y(0))}" y2="${f(y(0))}" stroke="#999"/><text x="${pad.l}" y="${h - 6}" class="axis">${escapeHtml(axis[0])}</text><text x="${w - pad.r}" y="${h - 6}" class="axis" text-anchor="end">${escapeHtml(axis[1])}</text></svg>`;
}

/** Grouped horizontal bars: one row per category, series a above series b. */
export function twoSeriesBarsSvg(s: TwoSeries, categories: readonly string[]): string {
  const rowH = 18, w = 300, labelW = 96;
  const h = categories.length * rowH + 8;
  const max = Math.max(...s.a, ...s.b, 1e-9);
  const len = (v: number): number => ((w - labelW - 44) * v) / max;
  const [an, bn] = s.names;
  const rows = categories.map((label, i) => {
    const y0 = 4 + i * rowH;
    const short = label.length > 14 ? label.slice(0, 13) + "…" : label;
    const a = s.a[i]!, b = s.b[i]!;
    return `<g><title>${escapeHtml(label)}: ${an} ${pct(a)}, ${bn} ${pct(b)}</title><text x="${labelW - 4}" y="${y0 + 12}" class="axis" text-anchor="end">${escapeHtml(short)}</text><rect x="${labelW}" y="${y0 + 1}" width="${f(len(a))}" height="7" fill="${SERIES_A}" fill-opacity="0.75"/><rect x="${labelW}" y="${y0 + 8}" width="${f(len(b))}" height="7" fill="${SERIES_B}"/><text x="${f(labelW + Math.max(len(a), len(b)) + 4)}" y="${y0 + 12}" class="axis">${pct(a)}</text></g>`;
  });
  return `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="Categories of ${escapeHtml(s.name)}">${rows.join("")}</svg>`;
}

/** Diverging blue–white–red for a value in [−1, 1] (a correlation). */
function divergingColour(v: number | null): string {
  if (v === null) return "#eee";
  const t = Math.max(-1, Math.min(1, v));
  const mix = (a: number, b: number, s: number): number => Math.round(a + (b - a) * s);
  return t >= 0 ? `rgb(${mix(255, 178, t)},${mix(255, 34, t)},${mix(255, 34, t)})` : `rgb(${mix(255, 33, -t)},${mix(255, 102, -t)},${mix(255, 172, -t)})`;
}

/** A square matrix in [−1, 1] (correlations) as a heatmap with labelled rows; each cell tells its value on hover. */
export function heatmapSvg(title: string, columns: readonly string[], matrix: readonly (readonly (number | null)[])[]): string {
  const n = columns.length;
  const cell = Math.max(14, Math.min(36, Math.floor(300 / Math.max(n, 1))));
  const labelW = 120, top = 24;
  const w = labelW + n * cell + 4, h = top + n * cell + 4;
  const cells: string[] = [];
  matrix.forEach((row, i) =>
    row.forEach((v, j) => {
      const x = labelW + j * cell, y = top + i * cell;
      const text = cell >= 28 && v !== null ? `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" class="cell" text-anchor="middle">${v.toFixed(1)}</text>` : "";
      cells.push(`<g><title>${escapeHtml(columns[i]!)} × ${escapeHtml(columns[j]!)}: ${v === null ? "n/a" : v.toFixed(3)}</title><rect x="${x}" y="${y}" width="${cell - 1}" height="${cell - 1}" fill="${divergingColour(v)}"/>${text}</g>`);
    }),
  );
  const labels = columns.map((c, i) => `<text x="${labelW - 6}" y="${top + i * cell + cell / 2 + 4}" class="axis" text-anchor="end">${escapeHtml(c.length > 18 ? c.slice(0, 17) + "…" : c)}</text>`);
  return `<figure class="heatmap"><figcaption>${escapeHtml(title)}</figcaption><svg viewBox="0 0 ${w} ${h}" width="${w}" role="img" aria-label="${escapeHtml(title)}">${labels.join("")}${cells.join("")}</svg></figure>`;
}

/**
 * A wide histogram of two series side by side in each bin (series b orange, series a grey), with
 * bin edges as ticks and an x-axis caption.
 */
export function pairedBarsSvg(s: TwoSeries, edges: readonly number[], caption: string): string {
  const w = 640, h = 220, pad = { l: 40, r: 12, t: 12, b: 34 };
  const n = s.b.length;
  const max = Math.max(...s.a, ...s.b, 1e-9);
  const x = (i: number): number => pad.l + ((w - pad.l - pad.r) * i) / n;
  const y = (v: number): number => h - pad.b - ((h - pad.t - pad.b) * v) / max;
  const bw = (x(1) - x(0)) / 2 - 1;
  const [an, bn] = s.names;
  const bars = s.b.map((v, i) => {
    const r = s.a[i]!;
    return `<g><title>${escapeHtml(s.name)} ${edges[i]!.toFixed(3)}–${edges[i + 1]!.toFixed(3)}: ${bn} ${pct(v)}, ${an} ${pct(r)}</title><rect x="${f(x(i))}" y="${f(y(v))}" width="${f(bw)}" height="${f(y(0) - y(v))}" fill="${SERIES_B}"/><rect x="${f(x(i) + bw + 1)}" y="${f(y(r))}" width="${f(bw)}" height="${f(y(0) - y(r))}" fill="${SERIES_MUTED}"/></g>`;
  });
  const tickEvery = Math.max(1, Math.round(n / 4));
  const ticks = edges.filter((_, i) => i % tickEvery === 0).map((e, k) => `<text x="${f(x(k * tickEvery))}" y="${h - pad.b + 16}" class="axis" text-anchor="middle">${e.toFixed(2)}</text>`);
  return `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeHtml(caption)}">${bars.join("")}<line x1="${pad.l}" x2="${w - pad.r}" y1="${f(y(0))}" y2="${f(y(0))}" stroke="#999"/>${ticks.join("")}<text x="${(pad.l + w - pad.r) / 2}" y="${h - 4}" class="axis" text-anchor="middle">${escapeHtml(caption)}</text></svg>`;
}
