// Compare: several devices overlaid on the seed's panels (or one field at a time), and temperature
// against humidity per device. Each device's range comes from /v1/series, already reduced by the
// server to one column per pixel; columns of one width share their starts, so devices line up.
// Each device is its columns' mean, over a band from their min to their max, so a spike that the
// mean averages away still shows.
import { fetchFleet, fetchSeries, type SeriesAnswer } from "./api.js";
import { RANGES } from "./device-page.js";
import { h } from "./dom.js";
import { LineChart, PALETTE, type Band } from "./line-chart.js";
import { PANELS, type PanelSpec } from "./panels.js";
import { Scatter } from "./scatter.js";
import { savedUnit, toUnit } from "./units.js";

/** Devices overlaid at most: past a dozen lines a chart is unreadable (and each is one request). */
export const MAX_COMPARED = 12;
const DEFAULT_COMPARED = 3;

/** The devices named in the hash (`#/compare/a,b`), ids being free of commas. */
function devicesOfHash(rest: string | undefined): string[] {
  return rest === undefined
    ? []
    : [
        ...new Set(
          rest
            .split(",")
            .map(decodeURIComponent)
            .filter((d) => d !== ""),
        ),
      ].slice(0, MAX_COMPARED);
}

export function showCompare(root: HTMLElement, rest: string | undefined): () => void {
  const controller = new AbortController();
  const chosen = devicesOfHash(rest);
  let rangeSeconds = RANGES[1]!.seconds;
  let field = "all";
  let request: AbortController | undefined;
  const unit = savedUnit();

  const status = h("p", { class: "summary", id: "compare-summary" }, "Loading…");
  const chips = h("div", { class: "chips", id: "compare-devices" });
  const options = h("datalist", { id: "compare-options" });
  const add = h("input", { type: "search", list: "compare-options", placeholder: "Add a device", "aria-label": "Add a device", id: "compare-add" });
  const fieldSelect = h(
    "select",
    { id: "compare-field", "aria-label": "Field" },
    h("option", { value: "all" }, "All four panels"),
    ...PANELS.map((p) => h("option", { value: p.id }, p.title)),
  );
  const rangeButtons = RANGES.map((r) => {
    const b = h("button", { type: "button", "data-range": r.label }, r.label);
    b.addEventListener("click", () => {
      rangeSeconds = r.seconds;
      void load();
    });
    return b;
  });
  const grid = h("div", { class: "panels" });
  root.replaceChildren(
    h(
      "section",
      { class: "compare" },
      h("div", { class: "toolbar" }, h("h1", {}, "Compare"), h("div", { class: "group", role: "group", "aria-label": "Range" }, ...rangeButtons), fieldSelect),
      h("div", { class: "toolbar" }, chips, add, options),
      status,
      grid,
    ),
  );
  const width = (): number => Math.max(240, grid.clientWidth - 2);
  const charts = new Map(
    PANELS.map((p) => [p.id, new LineChart(`compare-${p.id}`, p.title, p.unit(unit), width(), p.share ? { yRange: [0, 100], stepped: true } : {})]),
  );
  const scatter = new Scatter("compare-scatter", "Temperature against humidity", `Temperature (°${unit})`, "Humidity (%RH)", width());
  grid.append(...[...charts.values()].map((c) => c.el), scatter.el);

  const setHash = (): void => history.replaceState(null, "", `#/compare/${chosen.map(encodeURIComponent).join(",")}`);
  function drawChips(): void {
    chips.replaceChildren(
      ...chosen.map((d, k) => {
        const remove = h("button", { type: "button", class: "chip", "data-device": d, title: `Remove ${d}` }, h("i", {}), d, " ×");
        (remove.firstChild as HTMLElement).style.background = PALETTE[k % PALETTE.length]!;
        remove.addEventListener("click", () => {
          chosen.splice(chosen.indexOf(d), 1);
          setHash();
          void load();
        });
        return remove;
      }),
    );
    add.disabled = chosen.length >= MAX_COMPARED;
  }
  add.addEventListener("change", () => {
    const d = add.value.trim();
    add.value = "";
    if (d === "" || chosen.includes(d) || chosen.length >= MAX_COMPARED) return;
    chosen.push(d);
    setHash();
    void load();
  });
  fieldSelect.addEventListener("change", () => {
    field = fieldSelect.value;
    for (const [id, c] of charts) c.el.hidden = field !== "all" && field !== id;
  });

  async function load(): Promise<void> {
    request?.abort();
    request = new AbortController();
    const signal = AbortSignal.any([controller.signal, request.signal]);
    drawChips();
    for (const b of rangeButtons) b.classList.toggle("active", RANGES.find((r) => r.label === b.dataset["range"])?.seconds === rangeSeconds);
    const to = Math.ceil(Date.now() / 1000);
    const from = to - rangeSeconds;
    try {
      const answers = await Promise.all(chosen.map((d) => fetchSeries(d, from, to, width(), signal)));
      draw(answers, from, to);
      const total = answers.reduce((n, a) => n + Object.values(a.sensors).reduce((m, s) => m + s.count.reduce((x, y) => x + y, 0), 0), 0);
      status.textContent =
        chosen.length === 0
          ? "Add devices to compare."
          : `${chosen.length} ${chosen.length === 1 ? "device" : "devices"}, ${total.toLocaleString()} readings over the last ${RANGES.find((r) => r.seconds === rangeSeconds)?.label}, ${answers[0]?.bucketSeconds ?? 0} s per point.`;
      document.body.dataset["compared"] = String(Number(document.body.dataset["compared"] ?? 0) + 1);
    } catch (error) {
      if (!signal.aborted) status.textContent = `Could not load readings: ${(error as Error).message}`;
    }
  }

  function draw(answers: readonly SeriesAnswer[], from: number, to: number): void {
    const lines = chosen.map((d, k) => ({ label: d, color: PALETTE[k % PALETTE.length]! }));
    for (const spec of PANELS) {
      const { t, means, bands } = aligned(answers, spec);
      charts.get(spec.id)!.setData(t, lines, means, spec.unit(unit), { min: from, max: to }, bands);
    }
    scatter.setData(
      answers.map((a, k) => {
        const dht = a.sensors.DHT22;
        return {
          label: chosen[k]!,
          color: lines[k]!.color,
          x: (dht?.fields["temperature"]?.mean ?? []).map((v) => toUnit(v, unit)),
          y: dht?.fields["humidity"]?.mean ?? [],
        };
      }),
    );
  }

  fetchFleet(controller.signal).then(
    (fleet) => {
      options.replaceChildren(...fleet.devices.slice(0, 1000).map((d) => h("option", { value: d.id })));
      if (chosen.length === 0) {
        chosen.push(...fleet.devices.slice(0, DEFAULT_COMPARED).map((d) => d.id));
        setHash();
      }
      void load();
    },
    (error: unknown) => !controller.signal.aborted && (status.textContent = `Could not load the fleet: ${(error as Error).message}`),
  );
  let resizeTimer: number | undefined;
  const onResize = (): void => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      for (const c of charts.values()) c.setWidth(width());
      scatter.setWidth(width());
    }, 100);
  };
  window.addEventListener("resize", onResize);
  return () => {
    controller.abort();
    window.removeEventListener("resize", onResize);
    for (const c of charts.values()) c.destroy();
  };
}

/**
 * One panel's field for every device on one time axis (the union of their column starts): each
 * device's column means, and for a number field its band of column minima and maxima (a share of
 * true readings needs none: one true reading already lifts its column off zero).
 */
export function aligned(answers: readonly SeriesAnswer[], spec: PanelSpec): { t: number[]; means: (number | null)[][]; bands: (Band | undefined)[] } {
  const unit = savedUnit();
  const shown = (m: number | null | undefined): number | null =>
    m === null || m === undefined ? null : spec.share ? m * 100 : spec.field === "temperature" ? toUnit(m, unit) : m;
  const times = new Set<number>();
  for (const a of answers) for (const t of a.sensors[spec.kind]?.t ?? []) times.add(t);
  const t = [...times].sort((x, y) => x - y);
  const at = new Map(t.map((v, i) => [v, i]));
  const empty = (): (number | null)[] => new Array<number | null>(t.length).fill(null);
  const means: (number | null)[][] = [];
  const bands: (Band | undefined)[] = [];
  for (const a of answers) {
    const [mean, lo, hi] = [empty(), empty(), empty()];
    const s = a.sensors[spec.kind];
    const f = s?.fields[spec.field];
    s?.t.forEach((v, i) => {
      const k = at.get(v)!;
      mean[k] = shown(f?.mean[i]);
      lo[k] = shown(f?.min[i]);
      hi[k] = shown(f?.max[i]);
    });
    means.push(mean);
    bands.push(spec.share ? undefined : { lo, hi });
  }
  return { t, means, bands };
}
