// Device: the four panels over the last 1 h, 24 h, 72 h or 7 days (or a zoomed range), °C or °F,
// kept live by the feed while the range ends now.
import { fetchAlarms, fetchFleet, fetchSeries, type Alarm, type LiveReading } from "./api.js";
import { h } from "./dom.js";
import { openLive } from "./live.js";
import { PANELS, Panel, type AlarmSpan } from "./panels.js";
import { saveUnit, savedUnit, type TempUnit } from "./units.js";

export const RANGES: readonly { label: string; seconds: number }[] = [
  { label: "1h", seconds: 3600 },
  { label: "24h", seconds: 86_400 },
  { label: "72h", seconds: 3 * 86_400 },
  { label: "7d", seconds: 7 * 86_400 },
];

export function showDevice(root: HTMLElement, device: string | undefined): () => void {
  const controller = new AbortController();
  if (device === undefined) {
    // No device named: open the first one of the fleet.
    root.replaceChildren(h("p", { class: "summary" }, "Loading devices…"));
    fetchFleet(controller.signal).then(
      (fleet) => {
        const first = fleet.devices[0];
        if (first) location.replace(`#/device/${encodeURIComponent(first.id)}`);
        else root.replaceChildren(h("p", { class: "summary" }, "No devices yet: add one with `mimic devices add`."));
      },
      (error: unknown) => !controller.signal.aborted && root.replaceChildren(h("p", { class: "error" }, (error as Error).message)),
    );
    return () => controller.abort();
  }
  return showPanels(root, device, controller);
}

/** The download of a device's readings over [from, to) (epoch seconds). */
export function exportUrl(device: string, from: number, to: number, format: "csv" | "parquet"): string {
  return `/v1/export?${new URLSearchParams({ device, from: String(from), to: String(to), format }).toString()}`;
}

function showPanels(root: HTMLElement, device: string, controller: AbortController): () => void {
  let unit: TempUnit = savedUnit();
  let rangeSeconds = RANGES[0]!.seconds;
  /** A zoomed range stays put; otherwise the range ends now and follows the live feed. */
  let zoomed: { from: number; to: number } | undefined;
  let request: AbortController | undefined;
  let firstDraw = true;

  const status = h("p", { class: "summary", id: "device-summary" }, "Loading…");
  const rangeButtons = RANGES.map((r) => {
    const b = h("button", { type: "button", "data-range": r.label }, r.label);
    b.addEventListener("click", () => {
      rangeSeconds = r.seconds;
      zoomed = undefined;
      void load();
    });
    return b;
  });
  const unitButton = h("button", { type: "button", id: "unit-toggle", title: "Temperature unit" }, `°${unit}`);
  unitButton.addEventListener("click", () => {
    unit = unit === "C" ? "F" : "C";
    saveUnit(unit);
    unitButton.textContent = `°${unit}`;
    for (const p of panels) p.setUnit(unit);
  });
  const resetButton = h("button", { type: "button", id: "zoom-reset", hidden: "" }, "Reset zoom");
  resetButton.addEventListener("click", () => {
    zoomed = undefined;
    void load();
  });
  // Export: the raw readings of exactly the range on screen, streamed by GET /v1/export (the same
  // bytes as `mimic query` of that range); the links follow each load, the cookie goes along.
  const exports = (["csv", "parquet"] as const).map((format) =>
    h("a", { class: "export", id: `export-${format}`, download: "", "aria-disabled": "true" }, `Export ${format === "csv" ? "CSV" : "Parquet"}`),
  );
  const alarmList = h("ul", { class: "alarm-list", id: "device-alarms", hidden: "" });
  const grid = h("div", { class: "panels" });
  root.replaceChildren(
    h(
      "section",
      { class: "device" },
      h(
        "div",
        { class: "toolbar" },
        h("h1", {}, device),
        h("div", { class: "group", role: "group", "aria-label": "Range" }, ...rangeButtons),
        unitButton,
        resetButton,
        h("div", { class: "group", role: "group", "aria-label": "Export the shown range" }, ...exports),
      ),
      status,
      alarmList,
      grid,
    ),
  );

  const width = (): number => Math.max(240, grid.clientWidth - 2);
  const window_ = (): { from: number; to: number } => zoomed ?? { from: Date.now() / 1000 - rangeSeconds, to: Date.now() / 1000 };
  // Ask first, then build the charts while the answer travels (load reads the panels only once it
  // has the answer): the first draw comes one chart-building sooner after navigation.
  void load();
  const panels = PANELS.map(
    (spec) =>
      new Panel(spec, width(), unit, (from, to) => {
        zoomed = { from, to };
        void load();
      }),
  );
  grid.append(...panels.map((p) => p.el));

  async function load(): Promise<void> {
    request?.abort();
    request = new AbortController();
    const signal = AbortSignal.any([controller.signal, request.signal]);
    const { from, to } = window_();
    // Marks for the browser benchmark (bench/dashboard.bench.ts): asked → drawn, per range change.
    performance.mark("mimic:series-asked");
    for (const b of rangeButtons) b.classList.toggle("active", !zoomed && Number(RANGES.find((r) => r.label === b.dataset["range"])?.seconds) === rangeSeconds);
    resetButton.hidden = zoomed === undefined;
    try {
      const answer = await fetchSeries(device, Math.floor(from), Math.ceil(to), width(), signal);
      for (const p of panels) p.setSeries(answer);
      for (const a of exports) {
        a.href = exportUrl(device, answer.from, answer.to, a.id === "export-csv" ? "csv" : "parquet");
        a.removeAttribute("aria-disabled");
      }
      const total = Object.values(answer.sensors).reduce((n, s) => n + s.count.reduce((a, b) => a + b, 0), 0);
      status.textContent = `${total.toLocaleString()} readings from ${new Date(from * 1000).toLocaleString()} to ${new Date(to * 1000).toLocaleString()}, ${answer.bucketSeconds} s per point${zoomed ? " (zoomed: drag to zoom further)" : " — live; drag to zoom"}`;
      performance.mark("mimic:series-drawn");
      if (firstDraw) {
        firstDraw = false;
        performance.mark("mimic:panels-drawn");
      }
      document.body.dataset["drawn"] = String(Number(document.body.dataset["drawn"] ?? 0) + 1);
    } catch (error) {
      if (!signal.aborted) status.textContent = `Could not load readings: ${(error as Error).message}`;
      return;
    }
    try {
      showAlarms(await fetchAlarms(device, signal), from, to);
    } catch (error) {
      if (!signal.aborted) status.textContent += ` (alarms could not be read: ${(error as Error).message})`;
    }
  }

  /** Alarms overlapping the range: bands on the panels of their sensor (all panels when it names none), and a list. */
  function showAlarms(alarms: readonly Alarm[], from: number, to: number): void {
    const spans = alarms
      .map((a) => ({
        alarm: a,
        span: { start: Date.parse(a.start) / 1000, end: a.end === null ? null : Date.parse(a.end) / 1000, open: a.state === "open", label: a.kind },
      }))
      .filter(({ span }) => span.start < to && (span.end ?? Number.POSITIVE_INFINITY) >= from);
    const on = (p: Panel, sensor: string): boolean => [p.spec.kind, p.spec.field, p.spec.id].some((n) => n.toLowerCase() === sensor.toLowerCase());
    for (const p of panels) {
      const mine: AlarmSpan[] = spans.filter(({ alarm }) => on(p, alarm.sensor) || !panels.some((q) => on(q, alarm.sensor))).map(({ span }) => span);
      p.setAlarms(mine);
    }
    alarmList.hidden = spans.length === 0;
    alarmList.replaceChildren(
      ...spans.map(({ alarm, span }) =>
        h(
          "li",
          { class: span.open ? "open" : "closed", "data-alarm": alarm.id },
          h("strong", {}, span.open ? "open" : "closed"),
          ` ${alarm.kind} on ${alarm.sensor}, from ${new Date(span.start * 1000).toLocaleString()}${span.end === null ? "" : ` to ${new Date(span.end * 1000).toLocaleString()}`} (score ${alarm.score.toFixed(2)})`,
        ),
      ),
    );
  }

  const closeLive = openLive(device, (readings: LiveReading[]) => {
    if (zoomed) return;
    const { from, to } = window_();
    for (const p of panels) p.append(readings, from, to);
    document.body.dataset["live"] = String(Number(document.body.dataset["live"] ?? 0) + readings.length);
  });
  let resizeTimer: number | undefined;
  const onResize = (): void => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      for (const p of panels) p.setWidth(width());
    }, 100);
  };
  window.addEventListener("resize", onResize);
  return () => {
    controller.abort();
    closeLive();
    window.removeEventListener("resize", onResize);
    for (const p of panels) p.destroy();
  };
}
