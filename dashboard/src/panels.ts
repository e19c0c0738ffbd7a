// The seed's four-panel room view: temperature, humidity, light, motion on one time axis. Each
// panel is a uPlot chart; cursors are synchronised and a drag on any panel zooms all of them.
import uPlot from "uplot";
import type { LiveReading, SeriesAnswer, SensorKind } from "./api.js";
import { padded } from "./line-chart.js";
import { TIME_CHART_PADDING, timeAxis } from "./time-axis.js";
import { toUnit, type TempUnit } from "./units.js";

export interface PanelSpec {
  id: string;
  title: string;
  kind: SensorKind;
  field: string;
  color: string;
  /** Booleans are drawn as the share of readings that were true, in percent. */
  share: boolean;
  unit: (temp: TempUnit) => string;
}

export const PANELS: readonly PanelSpec[] = [
  { id: "temperature", title: "Temperature", kind: "DHT22", field: "temperature", color: "#d9480f", share: false, unit: (u) => `°${u}` },
  { id: "humidity", title: "Humidity", kind: "DHT22", field: "humidity", color: "#1971c2", share: false, unit: () => "%RH" },
  { id: "light", title: "Light on", kind: "LIGHT", field: "light", color: "#e0a800", share: true, unit: () => "% of readings" },
  { id: "motion", title: "Motion", kind: "PIR", field: "motion", color: "#2f9e44", share: true, unit: () => "% of readings" },
];

/** Most points a panel keeps while live readings are appended: the browser's memory stays bounded. */
export const MAX_PANEL_POINTS = 20_000;

/** An alarm's span on the time axis, epoch seconds; `end` null while it is open. */
export interface AlarmSpan {
  start: number;
  end: number | null;
  open: boolean;
  label: string;
}

/** A panel's data in the stored unit (°C, 0/1): time, mean, min, max. */
interface Columns {
  t: number[];
  mean: (number | null)[];
  min: (number | null)[];
  max: (number | null)[];
}

export class Panel {
  readonly el: HTMLElement;
  readonly spec: PanelSpec;
  readonly #plot: uPlot;
  #cols: Columns = { t: [], mean: [], min: [], max: [] };
  #unit: TempUnit;
  #alarms: readonly AlarmSpan[] = [];

  constructor(spec: PanelSpec, width: number, unit: TempUnit, onZoom: (from: number, to: number) => void) {
    this.spec = spec;
    this.#unit = unit;
    const chart = document.createElement("div");
    this.el = document.createElement("section");
    this.el.className = "panel";
    this.el.id = `panel-${spec.id}`;
    const title = document.createElement("h2");
    title.textContent = spec.title;
    this.el.append(title, chart);
    const faint = `${spec.color}66`;
    const series: uPlot.Series[] = [
      {},
      {
        label: "mean",
        stroke: spec.color,
        width: 1.5,
        // A light or motion sensor reports on change, so an hour may hold one reading: a stepped
        // line of one point draws nothing, so those panels mark their points while they are few
        // (uPlot's default); a number panel keeps a plain line.
        ...(spec.share ? { paths: uPlot.paths.stepped!({ align: 1 }), fill: `${spec.color}22` } : { points: { show: false } }),
      },
    ];
    if (!spec.share) series.push({ label: "min", stroke: faint, width: 1 }, { label: "max", stroke: faint, width: 1 });
    this.#plot = new uPlot(
      {
        width,
        height: 150,
        padding: TIME_CHART_PADDING,
        cursor: { sync: { key: "mimic-device" }, drag: { x: true, y: false, setScale: false } },
        scales: { x: { time: true }, ...(spec.share ? { y: { range: padded([0, 100]) } } : {}) },
        series,
        // y ticks 24 px apart (uPlot's default is 30): a quiet hour of 19.0–19.2 °C gets more than one label.
        axes: [timeAxis(), { label: spec.unit(unit), size: 56, space: 24 }],
        legend: { live: true },
        hooks: {
          // Alarms under the lines: a red band from start to end (to now while open).
          drawClear: [(u) => this.#drawAlarms(u)],
          setSelect: [
            (u) => {
              if (u.select.width < 3) return;
              const from = u.posToVal(u.select.left, "x");
              const to = u.posToVal(u.select.left + u.select.width, "x");
              u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
              onZoom(from, to);
            },
          ],
        },
      },
      [[], ...series.slice(1).map(() => [])],
      chart,
    );
  }

  /** Points drawn now (for tests and the summary line). */
  get points(): number {
    return this.#cols.t.length;
  }

  setSeries(answer: SeriesAnswer): void {
    const s = answer.sensors[this.spec.kind];
    const f = s?.fields[this.spec.field];
    this.#cols = s && f ? { t: s.t.slice(), mean: f.mean.slice(), min: f.min.slice(), max: f.max.slice() } : { t: [], mean: [], min: [], max: [] };
    this.#draw(answer.from, answer.to);
  }

  /** Appends live readings and drops points older than `from`. */
  append(readings: readonly LiveReading[], from: number, to: number): void {
    let added = false;
    for (const r of readings) {
      if (r.kind !== this.spec.kind) continue;
      const raw = r.data[this.spec.field];
      if (raw === undefined) continue;
      const v = typeof raw === "boolean" ? (raw ? 1 : 0) : raw;
      // Readings arrive in time order per device; one out of order goes at its place.
      let at = this.#cols.t.length;
      while (at > 0 && this.#cols.t[at - 1]! > r.timestamp) at--;
      this.#cols.t.splice(at, 0, r.timestamp);
      this.#cols.mean.splice(at, 0, v);
      this.#cols.min.splice(at, 0, v);
      this.#cols.max.splice(at, 0, v);
      added = true;
    }
    if (!added) return;
    let drop = 0;
    while (drop < this.#cols.t.length && this.#cols.t[drop]! < from) drop++;
    drop = Math.max(drop, this.#cols.t.length - MAX_PANEL_POINTS);
    if (drop > 0) for (const c of [this.#cols.t, this.#cols.mean, this.#cols.min, this.#cols.max]) c.splice(0, drop);
    this.#draw(from, to);
  }

  /** Alarms of this panel's sensor to draw as bands (the chart redraws). */
  setAlarms(alarms: readonly AlarmSpan[]): void {
    this.#alarms = alarms;
    this.el.dataset["alarms"] = String(alarms.length);
    this.#plot.redraw(false, false);
  }

  #drawAlarms(u: uPlot): void {
    if (this.#alarms.length === 0) return;
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    for (const a of this.#alarms) {
      const end = a.end ?? Date.now() / 1000;
      const x0 = Math.max(left, u.valToPos(a.start, "x", true));
      const x1 = Math.min(left + width, u.valToPos(end, "x", true));
      if (!(x1 > x0 - 2)) continue;
      ctx.fillStyle = a.open ? "rgba(207, 34, 46, 0.18)" : "rgba(207, 34, 46, 0.09)";
      // At least 2 device pixels wide, so an alarm of one reading still shows at a week's range.
      ctx.fillRect(x0, top, Math.max(2, x1 - x0), height);
    }
    ctx.restore();
  }

  setUnit(unit: TempUnit): void {
    this.#unit = unit;
    const axis = this.#plot.axes[1];
    if (axis) axis.label = this.spec.unit(unit);
    this.#draw(this.#plot.scales["x"]?.min ?? 0, this.#plot.scales["x"]?.max ?? 0);
    this.#plot.redraw(true, true);
  }

  setWidth(width: number): void {
    this.#plot.setSize({ width, height: 150 });
  }

  destroy(): void {
    this.#plot.destroy();
  }

  #draw(from: number, to: number): void {
    const show = (v: number | null): number | null =>
      v === null ? null : this.spec.share ? v * 100 : this.spec.kind === "DHT22" && this.spec.field === "temperature" ? toUnit(v, this.#unit) : v;
    const data: uPlot.AlignedData = this.spec.share
      ? [this.#cols.t, this.#cols.mean.map(show)]
      : [this.#cols.t, this.#cols.mean.map(show), this.#cols.min.map(show), this.#cols.max.map(show)];
    this.#plot.setData(data, false);
    this.#plot.setScale("x", { min: from, max: to });
    this.el.dataset["points"] = String(this.#cols.t.length);
    this.el.dataset["empty"] = String(this.#cols.t.length === 0);
  }
}
