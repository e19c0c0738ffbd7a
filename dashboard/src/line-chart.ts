// A titled uPlot line chart over time with any number of named lines, for the Compare and
// Operations pages (the Device page's panels add min/max lines and live appends: panels.ts). A
// line may carry a band, its column's min to max, shaded under it: a mean alone would average a
// one-reading spike away, the band keeps it in view (and in the y range).
import uPlot from "uplot";
import { TIME_CHART_PADDING, timeAxis } from "./time-axis.js";

export interface Line {
  label: string;
  color: string;
}

/** A line's band: per point of `t`, the lowest and highest value its column held. */
export interface Band {
  lo: readonly (number | null)[];
  hi: readonly (number | null)[];
}

/** Distinct, readable on white, in the order devices or reasons are added. */
export const PALETTE = ["#d9480f", "#1971c2", "#2f9e44", "#9c36b5", "#e0a800", "#0c8599", "#c2255c", "#5c940d", "#364fc7", "#868e96", "#f76707", "#099268"];

export class LineChart {
  readonly el: HTMLElement;
  readonly #chart: HTMLElement;
  readonly #note: HTMLElement;
  readonly #height: number;
  #plot: uPlot | undefined;
  #lines: readonly Line[] = [];
  #yLabel: string;
  #width: number;
  readonly #yRange: [number, number] | undefined;
  readonly #stepped: boolean;
  #bands: readonly (Band | undefined)[] = [];

  /**
   * `stepped`: for states held between readings (light on, motion seen): each value holds until the
   * next one, across columns where only other lines have a point.
   */
  constructor(id: string, title: string, yLabel: string, width: number, options: { height?: number; yRange?: [number, number]; stepped?: boolean } = {}) {
    this.el = document.createElement("section");
    this.el.className = "panel";
    this.el.id = id;
    const h2 = document.createElement("h2");
    h2.textContent = title;
    this.#note = document.createElement("span");
    this.#note.className = "note";
    h2.append(this.#note);
    this.#chart = document.createElement("div");
    this.el.append(h2, this.#chart);
    this.#yLabel = yLabel;
    this.#width = width;
    this.#height = options.height ?? 160;
    this.#yRange = options.yRange;
    this.#stepped = options.stepped ?? false;
  }

  /**
   * Draws `ys[k]` (one array per line, aligned with `t`), with `bands[k]` shaded under line k when
   * given; the chart is rebuilt when the lines change.
   */
  setData(
    t: readonly number[],
    lines: readonly Line[],
    ys: readonly (readonly (number | null)[])[],
    yLabel = this.#yLabel,
    x?: { min: number; max: number },
    bands: readonly (Band | undefined)[] = [],
  ): void {
    this.#bands = bands;
    const same =
      this.#plot !== undefined && yLabel === this.#yLabel && lines.length === this.#lines.length && lines.every((l, k) => l.label === this.#lines[k]!.label);
    if (!same) {
      this.#plot?.destroy();
      this.#lines = lines;
      this.#yLabel = yLabel;
      this.#plot = new uPlot(
        {
          width: this.#width,
          height: this.#height,
          padding: TIME_CHART_PADDING,
          scales: { x: { time: true }, y: { range: this.#yRange ? padded(this.#yRange) : (_u, lo, hi) => this.#yExtent(lo, hi) } },
          series: [
            {},
            ...lines.map((l) => ({
              label: l.label,
              stroke: l.color,
              width: 1.5,
              spanGaps: this.#stepped,
              // A value between two gaps has no segment to draw: mark it, or it is invisible (the
              // Operations page's first latency point, before the window has requests). A stepped
              // line spans the gaps, so it needs no marks.
              ...(this.#stepped
                ? { paths: uPlot.paths.stepped!({ align: 1 }) }
                : { points: { filter: (u: uPlot, series: number, show: boolean) => (show ? null : isolated(u.data[series] ?? [])) } }),
            })),
          ],
          axes: [timeAxis(), { label: yLabel, size: 60 }],
          legend: { live: true },
          cursor: { drag: { x: false, y: false } },
          // After the grid, before the lines: the bands lie under them.
          hooks: { drawAxes: [(u) => this.#drawBands(u)] },
        },
        [[], ...lines.map(() => [])],
        this.#chart,
      );
    }
    this.#plot!.setData([t as number[], ...(ys as (number | null)[][])], x === undefined);
    if (x !== undefined) this.#plot!.setScale("x", x);
    this.el.dataset["points"] = String(t.length);
    this.el.dataset["lines"] = String(lines.length);
    // The highest value drawn, band or line (tests check that a spike survives the reduction).
    let high = Number.NEGATIVE_INFINITY;
    for (const values of [...ys, ...bands.map((b) => b?.hi ?? [])]) for (const v of values) if (finite(v) && v > high) high = v;
    this.el.dataset["high"] = Number.isFinite(high) ? String(high) : "";
  }

  /** The y range over the lines' own extent and their bands', padded as uPlot pads. */
  #yExtent(lo: number | null, hi: number | null): uPlot.Range.MinMax {
    let min = lo ?? Number.POSITIVE_INFINITY;
    let max = hi ?? Number.NEGATIVE_INFINITY;
    for (const b of this.#bands) {
      for (const v of b?.lo ?? []) if (finite(v) && v < min) min = v;
      for (const v of b?.hi ?? []) if (finite(v) && v > max) max = v;
    }
    if (!(min <= max)) return [0, 1];
    return uPlot.rangeNum(min, max, 0.1, true);
  }

  /** Each band as filled runs between its lo and hi, broken where a column is empty. */
  #drawBands(u: uPlot): void {
    const t = u.data[0];
    const ctx = u.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    this.#bands.forEach((band, k) => {
      if (band === undefined) return;
      ctx.fillStyle = `${this.#lines[k]?.color ?? "#868e96"}44`;
      let start = -1;
      const fillRun = (end: number): void => {
        if (start < 0) return;
        ctx.beginPath();
        for (let i = start; i < end; i++) ctx.lineTo(u.valToPos(t[i]!, "x", true), u.valToPos(band.hi[i]!, "y", true));
        for (let i = end - 1; i >= start; i--) ctx.lineTo(u.valToPos(t[i]!, "x", true), u.valToPos(band.lo[i]!, "y", true));
        ctx.closePath();
        ctx.fill();
        // A run of one column is a vertical stroke, not an empty polygon.
        if (end - start === 1)
          ctx.fillRect(
            u.valToPos(t[start]!, "x", true) - 1,
            u.valToPos(band.hi[start]!, "y", true),
            2,
            u.valToPos(band.lo[start]!, "y", true) - u.valToPos(band.hi[start]!, "y", true),
          );
        start = -1;
      };
      for (let i = 0; i < t.length; i++) {
        if (finite(band.lo[i] ?? null) && finite(band.hi[i] ?? null)) {
          if (start < 0) start = i;
        } else fillRun(i);
      }
      fillRun(t.length);
    });
    ctx.restore();
  }

  /** A short remark after the title (why the chart is empty or what its points cover), or none. */
  setNote(text: string | undefined): void {
    this.#note.textContent = text === undefined ? "" : ` — ${text}`;
  }

  setWidth(width: number): void {
    this.#width = width;
    this.#plot?.setSize({ width, height: this.#height });
  }

  destroy(): void {
    this.#plot?.destroy();
  }
}

/**
 * A fixed y range widened by 4% each way: a line at exactly its bound (light off, bus up) would
 * otherwise lie on the plot's edge, half clipped, and the chart look empty.
 */
export function padded([lo, hi]: readonly [number, number]): [number, number] {
  const pad = (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

/** Indices of the values whose neighbours are both missing (or past either end). */
function isolated(values: ArrayLike<number | null | undefined>): number[] {
  const out: number[] = [];
  const missing = (i: number): boolean => i < 0 || i >= values.length || !finite(values[i] ?? null);
  for (let i = 0; i < values.length; i++) if (!missing(i) && missing(i - 1) && missing(i + 1)) out.push(i);
  return out;
}

function finite(v: number | null): v is number {
  return v !== null && Number.isFinite(v);
}
