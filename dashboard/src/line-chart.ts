// A titled uPlot line chart over time with any number of named lines, for the Compare and
// Operations pages (the Device page's panels add min/max bands and live appends: panels.ts).
import uPlot from "uplot";

export interface Line {
  label: string;
  color: string;
}

/** Distinct, readable on white, in the order devices or reasons are added. */
export const PALETTE = ["#d9480f", "#1971c2", "#2f9e44", "#9c36b5", "#e0a800", "#0c8599", "#c2255c", "#5c940d", "#364fc7", "#868e96", "#f76707", "#099268"];

export class LineChart {
  readonly el: HTMLElement;
  readonly #chart: HTMLElement;
  readonly #height: number;
  #plot: uPlot | undefined;
  #lines: readonly Line[] = [];
  #yLabel: string;
  #width: number;
  readonly #yRange: [number, number] | undefined;

  constructor(id: string, title: string, yLabel: string, width: number, options: { height?: number; yRange?: [number, number] } = {}) {
    this.el = document.createElement("section");
    this.el.className = "panel";
    this.el.id = id;
    const h2 = document.createElement("h2");
    h2.textContent = title;
    this.#chart = document.createElement("div");
    this.el.append(h2, this.#chart);
    this.#yLabel = yLabel;
    this.#width = width;
    this.#height = options.height ?? 160;
    this.#yRange = options.yRange;
  }

  /** Draws `ys[k]` (one array per line, aligned with `t`); the chart is rebuilt when the lines change. */
  setData(
    t: readonly number[],
    lines: readonly Line[],
    ys: readonly (readonly (number | null)[])[],
    yLabel = this.#yLabel,
    x?: { min: number; max: number },
  ): void {
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
          scales: { x: { time: true }, ...(this.#yRange ? { y: { range: this.#yRange } } : {}) },
          series: [{}, ...lines.map((l) => ({ label: l.label, stroke: l.color, width: 1.5, spanGaps: false }))],
          axes: [{}, { label: yLabel, size: 60 }],
          legend: { live: true },
          cursor: { drag: { x: false, y: false } },
        },
        [[], ...lines.map(() => [])],
        this.#chart,
      );
    }
    this.#plot!.setData([t as number[], ...(ys as (number | null)[][])], x === undefined);
    if (x !== undefined) this.#plot!.setScale("x", x);
    this.el.dataset["points"] = String(t.length);
    this.el.dataset["lines"] = String(lines.length);
  }

  setWidth(width: number): void {
    this.#width = width;
    this.#plot?.setSize({ width, height: this.#height });
  }

  destroy(): void {
    this.#plot?.destroy();
  }
}
