// Hand-written SVG charts for the report: no chart library, no network, a few KB per chart.
import type { ColumnPlot } from "../plots.js";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const REAL = "#3b6ea8";
const SYNTH = "#e8833a";
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const f = (x: number): string => (Math.round(x * 10) / 10).toString();

/** Real as a filled step area, synthetic as an outlined step line, over the same bins. */
function histogramSvg(plot: Extract<ColumnPlot, { kind: "histogram" }>): string {
  const w = 300, h = 150, pad = { l: 8, r: 8, t: 10, b: 24 };
  const max = Math.max(...plot.real, ...plot.synthetic, 1e-9);
  const n = plot.real.length;
  const x = (i: number): number => pad.l + ((w - pad.l - pad.r) * i) / n;
  const y = (v: number): number => h - pad.b - ((h - pad.t - pad.b) * v) / max;
  const step = (values: number[]): string => {
    let d = `M${f(x(0))},${f(y(0))}`;
    values.forEach((v, i) => (d += ` L${f(x(i))},${f(y(v))} L${f(x(i + 1))},${f(y(v))}`));
    return d + ` L${f(x(n))},${f(y(0))}`;
  };
  const bars = plot.real.map((v, i) => `<rect x="${f(x(i))}" y="${f(y(v))}" width="${f(x(i + 1) - x(i))}" height="${f(y(0) - y(v))}" fill="${REAL}" fill-opacity="0.55"><title>${escapeHtml(plot.column)} bin ${i + 1}: real ${pct(v)}, synthetic ${pct(plot.synthetic[i]!)}</title></rect>`).join("");
  return `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="Distribution of ${escapeHtml(plot.column)}">${bars}<path d="${step(plot.synthetic)}" fill="none" stroke="${SYNTH}" stroke-width="2"/><line x1="${pad.l}" x2="${w - pad.r}" y1="${f(y(0))}" y2="${f(y(0))}" stroke="#999"/><text x="${pad.l}" y="${h - 6}" class="axis">${escapeHtml(plot.labels[0]!)}</text><text x="${w - pad.r}" y="${h - 6}" class="axis" text-anchor="end">${escapeHtml(plot.labels[1]!)}</text></svg>`;
}

/** Grouped horizontal bars: one row per category, real above synthetic. */
function barsSvg(plot: Extract<ColumnPlot, { kind: "bars" }>): string {
  const rowH = 18, w = 300, labelW = 96;
  const h = plot.labels.length * rowH + 8;
  const max = Math.max(...plot.real, ...plot.synthetic, 1e-9);
  const len = (v: number): number => ((w - labelW - 44) * v) / max;
  const rows = plot.labels.map((label, i) => {
    const y0 = 4 + i * rowH;
    const short = label.length > 14 ? label.slice(0, 13) + "…" : label;
    return `<g><title>${escapeHtml(label)}: real ${pct(plot.real[i]!)}, synthetic ${pct(plot.synthetic[i]!)}</title><text x="${labelW - 4}" y="${y0 + 12}" class="axis" text-anchor="end">${escapeHtml(short)}</text><rect x="${labelW}" y="${y0 + 1}" width="${f(len(plot.real[i]!))}" height="7" fill="${REAL}" fill-opacity="0.75"/><rect x="${labelW}" y="${y0 + 8}" width="${f(len(plot.synthetic[i]!))}" height="7" fill="${SYNTH}"/><text x="${f(labelW + Math.max(len(plot.real[i]!), len(plot.synthetic[i]!)) + 4)}" y="${y0 + 12}" class="axis">${pct(plot.real[i]!)}</text></g>`;
  });
  return `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="Categories of ${escapeHtml(plot.column)}">${rows.join("")}</svg>`;
}

export function columnSvg(plot: ColumnPlot): string {
  return plot.kind === "histogram" ? histogramSvg(plot) : barsSvg(plot);
}

/** Diverging blue–white–red for a correlation in [−1, 1]. */
function corrColor(v: number | null): string {
  if (v === null) return "#eee";
  const t = Math.max(-1, Math.min(1, v));
  const mix = (a: number, b: number, s: number): number => Math.round(a + (b - a) * s);
  return t >= 0 ? `rgb(${mix(255, 178, t)},${mix(255, 34, t)},${mix(255, 34, t)})` : `rgb(${mix(255, 33, -t)},${mix(255, 102, -t)},${mix(255, 172, -t)})`;
}

/** A correlation heatmap with labelled rows; each cell tells its value on hover. */
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
      cells.push(`<g><title>${escapeHtml(columns[i]!)} × ${escapeHtml(columns[j]!)}: ${v === null ? "n/a" : v.toFixed(3)}</title><rect x="${x}" y="${y}" width="${cell - 1}" height="${cell - 1}" fill="${corrColor(v)}"/>${text}</g>`);
    }),
  );
  const labels = columns.map((c, i) => `<text x="${labelW - 6}" y="${top + i * cell + cell / 2 + 4}" class="axis" text-anchor="end">${escapeHtml(c.length > 18 ? c.slice(0, 17) + "…" : c)}</text>`);
  return `<figure class="heatmap"><figcaption>${escapeHtml(title)}</figcaption><svg viewBox="0 0 ${w} ${h}" width="${w}" role="img" aria-label="${escapeHtml(title)}">${labels.join("")}${cells.join("")}</svg></figure>`;
}

/** The DCR histogram: synthetic rows vs the random baseline, distance on the x axis. */
export function dcrSvg(dcr: { edges: number[]; synthetic: number[]; random: number[] }): string {
  const w = 640, h = 220, pad = { l: 40, r: 12, t: 12, b: 34 };
  const n = dcr.synthetic.length;
  const max = Math.max(...dcr.synthetic, ...dcr.random, 1e-9);
  const x = (i: number): number => pad.l + ((w - pad.l - pad.r) * i) / n;
  const y = (v: number): number => h - pad.b - ((h - pad.t - pad.b) * v) / max;
  const bw = (x(1) - x(0)) / 2 - 1;
  const bars = dcr.synthetic.map((v, i) => {
    const r = dcr.random[i]!;
    return `<g><title>DCR ${dcr.edges[i]!.toFixed(3)}–${dcr.edges[i + 1]!.toFixed(3)}: synthetic ${pct(v)}, random ${pct(r)}</title><rect x="${f(x(i))}" y="${f(y(v))}" width="${f(bw)}" height="${f(y(0) - y(v))}" fill="${SYNTH}"/><rect x="${f(x(i) + bw + 1)}" y="${f(y(r))}" width="${f(bw)}" height="${f(y(0) - y(r))}" fill="#9aa3ad"/></g>`;
  });
  const ticks = [0, 5, 10, 15, 20].map((i) => `<text x="${f(x(i))}" y="${h - pad.b + 16}" class="axis" text-anchor="middle">${dcr.edges[i]!.toFixed(2)}</text>`);
  return `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="Distance to closest real record">${bars.join("")}<line x1="${pad.l}" x2="${w - pad.r}" y1="${f(y(0))}" y2="${f(y(0))}" stroke="#999"/>${ticks.join("")}<text x="${(pad.l + w - pad.r) / 2}" y="${h - 4}" class="axis" text-anchor="middle">distance to the closest real row (0 = a copy)</text></svg>`;
}
