// Small inline-SVG charts for the analysis report: lines on a shared time axis, scatter, and a
import { escapeHtml } from "../../report/index.js";
// histogram with a curve. Plain strings, no script: the report opens offline in any browser.

export interface Series {
  name: string;
  color: string;
  x: readonly number[];
  y: readonly number[];
  /** `line` (default), `step` (a state held until the next point) or `dots`. */
  style?: "line" | "step" | "dots";
  /** Opacity of dots (default 0.35: dense scatter plots stay readable). */
  opacity?: number;
}

export interface ChartOptions {
  width: number;
  height: number;
  /** Axis ranges; default: the data's, padded. */
  xRange?: readonly [number, number];
  yRange?: readonly [number, number];
  xTicks?: readonly { at: number; label: string }[];
  yLabel?: string;
  title?: string;
}

const PAD = { left: 48, right: 10, top: 14, bottom: 26 };

function extent(values: Iterable<number>): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [0, 1];
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

/** About five round tick values across [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function fmt(v: number): string {
  return Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(4)).toString();
}

function frame(o: ChartOptions, sx: (x: number) => number, sy: (y: number) => number, yr: readonly [number, number]): string {
  const w = o.width;
  const h = o.height;
  let out = `<rect x="${PAD.left}" y="${PAD.top}" width="${w - PAD.left - PAD.right}" height="${h - PAD.top - PAD.bottom}" fill="#fff" stroke="#e4e7eb"/>`;
  for (const v of niceTicks(yr[0], yr[1], Math.max(2, Math.round((h - PAD.top - PAD.bottom) / 40)))) {
    const y = sy(v).toFixed(1);
    out += `<line x1="${PAD.left}" x2="${w - PAD.right}" y1="${y}" y2="${y}" stroke="#eef0f3"/><text class="axis" x="${PAD.left - 4}" y="${y}" text-anchor="end" dominant-baseline="middle">${fmt(v)}</text>`;
  }
  for (const t of o.xTicks ?? []) {
    const x = sx(t.at).toFixed(1);
    out += `<line x1="${x}" x2="${x}" y1="${PAD.top}" y2="${h - PAD.bottom}" stroke="#eef0f3"/><text class="axis" x="${x}" y="${h - PAD.bottom + 14}" text-anchor="middle">${escapeHtml(t.label)}</text>`;
  }
  if (o.yLabel) out += `<text class="axis" x="4" y="${PAD.top - 3}">${escapeHtml(o.yLabel)}</text>`;
  return out;
}

function open(o: ChartOptions, label: string): string {
  return `<svg viewBox="0 0 ${o.width} ${o.height}" role="img" aria-label="${escapeHtml(label)}" xmlns="http://www.w3.org/2000/svg">`;
}

/** Lines (or steps, or dots) of several series on shared axes. */
export function lineChart(series: readonly Series[], o: ChartOptions): string {
  const xr = o.xRange ?? extent(series.flatMap((s) => s.x));
  const yr = o.yRange ?? extent(series.flatMap((s) => s.y));
  const sx = (x: number): number => PAD.left + ((x - xr[0]) / (xr[1] - xr[0] || 1)) * (o.width - PAD.left - PAD.right);
  const sy = (y: number): number => o.height - PAD.bottom - ((y - yr[0]) / (yr[1] - yr[0] || 1)) * (o.height - PAD.top - PAD.bottom);
  let out = open(o, o.title ?? series.map((s) => s.name).join(", ")) + frame(o, sx, sy, yr);
  for (const s of series) {
    if (s.style === "dots") {
      let dots = "";
      for (let i = 0; i < s.x.length; i++) if (Number.isFinite(s.y[i]!)) dots += `<circle cx="${sx(s.x[i]!).toFixed(1)}" cy="${sy(s.y[i]!).toFixed(1)}" r="1.6"/>`;
      out += `<g fill="${s.color}" fill-opacity="${s.opacity ?? 0.35}">${dots}</g>`;
      continue;
    }
    let d = "";
    let pen = false;
    for (let i = 0; i < s.x.length; i++) {
      const y = s.y[i]!;
      if (!Number.isFinite(y)) {
        pen = false;
        continue;
      }
      const px = sx(s.x[i]!).toFixed(1);
      const py = sy(y).toFixed(1);
      if (!pen) d += `M${px},${py}`;
      else if (s.style === "step") d += `H${px}V${py}`;
      else d += `L${px},${py}`;
      pen = true;
    }
    out += `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.3" stroke-linejoin="round"><title>${escapeHtml(s.name)}</title></path>`;
  }
  return out + "</svg>";
}

/** Bars (start, end, height) with an optional curve over them. */
export function barChart(bars: readonly { start: number; end: number; height: number }[], curve: readonly { x: number; y: number }[], color: string, o: ChartOptions): string {
  const xr = o.xRange ?? extent(bars.flatMap((b) => [b.start, b.end]));
  const yr = o.yRange ?? ([0, Math.max(...bars.map((b) => b.height), ...curve.map((c) => c.y)) * 1.08 || 1] as const);
  const sx = (x: number): number => PAD.left + ((x - xr[0]) / (xr[1] - xr[0] || 1)) * (o.width - PAD.left - PAD.right);
  const sy = (y: number): number => o.height - PAD.bottom - ((y - yr[0]) / (yr[1] - yr[0] || 1)) * (o.height - PAD.top - PAD.bottom);
  const ticks = o.xTicks ?? niceTicks(xr[0], xr[1], 5).map((v) => ({ at: v, label: fmt(v) }));
  let out = open(o, o.title ?? "histogram") + frame({ ...o, xTicks: ticks }, sx, sy, yr);
  for (const b of bars) {
    const x = sx(b.start);
    const w = Math.max(0.5, sx(b.end) - x - 0.5);
    out += `<rect x="${x.toFixed(1)}" y="${sy(b.height).toFixed(1)}" width="${w.toFixed(1)}" height="${(sy(0) - sy(b.height)).toFixed(1)}" fill="${color}" fill-opacity="0.55"/>`;
  }
  if (curve.length > 1) out += `<path d="${curve.map((c, i) => `${i === 0 ? "M" : "L"}${sx(c.x).toFixed(1)},${sy(c.y).toFixed(1)}`).join("")}" fill="none" stroke="#1f2933" stroke-width="1.5"/>`;
  return out + "</svg>";
}
