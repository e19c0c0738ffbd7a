// The analysis as one self-contained HTML page (inline CSS and SVG, no script, no network): the
// seed notebook's figures — the four-panel room view on one time axis, devices overlaid, the
// temperature–humidity scatter per device, histograms with the fitted normal — and its tables.
import type { Analysis, DeviceAnalysis } from "../analyze.js";
import { EXACT_QUANTILE_LIMIT } from "../describe.js";
import { dayLabel, localClock, type LocalClock } from "../local-time.js";
import { escapeHtml, htmlPage, valueCard } from "../../report/index.js";
import { barChart, lineChart, type Series } from "./svg-charts.js";

const PALETTE = ["#3b6ea8", "#e8833a", "#2f8f5b", "#c0392b", "#8e5ea2", "#8c6d31", "#d6619e", "#52606d", "#17becf", "#bcbd22"];
const FIELD_LABEL: Record<string, string> = { temperature: "Temperature", humidity: "Humidity" };

function colorOf(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

function num(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined || !Number.isFinite(v)
    ? "–"
    : v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function unitOf(a: Analysis, field: string): string {
  return field === "temperature" ? a.units.temperature : field === "humidity" ? "%RH" : "";
}

/** Ticks at local midnights (or every 6 h for spans under two days, hourly under 6 h). */
function timeTicks(from: number, to: number, clock: LocalClock): { at: number; label: string }[] {
  const span = to - from;
  const step = span > 6 * 86_400 ? 86_400 * Math.ceil(span / 86_400 / 7) : span > 2 * 86_400 ? 86_400 : span > 6 * 3600 ? 6 * 3600 : 3600;
  const out: { at: number; label: string }[] = [];
  const offset = clock.offsetSeconds(from);
  for (let local = Math.ceil((from + offset) / step) * step; local - offset <= to; local += step) {
    const at = local - offset;
    const hour = Math.floor((((local % 86_400) + 86_400) % 86_400) / 3600);
    out.push({ at, label: hour === 0 ? dayLabel(Math.floor(local / 86_400)).slice(5) : `${String(hour).padStart(2, "0")}:00` });
  }
  return out;
}

function legend(devices: readonly DeviceAnalysis[], index: Map<string, number>): string {
  return `<div class="legend">${devices.map((d) => `<span><b style="background:${colorOf(index.get(d.device)!)}"></b>${escapeHtml(d.device)} · ${escapeHtml(d.type)}</span>`).join("")}</div>`;
}

function roomView(a: Analysis, index: Map<string, number>, range: [number, number], clock: LocalClock): string {
  const ticks = timeTicks(range[0], range[1], clock);
  const panel = (title: string, series: Series[], yLabel: string, yRange?: readonly [number, number]): string => {
    if (series.length === 0) return `<div class="panel"><h4>${title}</h4><p class="empty">No ${title.toLowerCase()} sensor in the selection.</p></div>`;
    return `<div class="panel"><h4>${title}</h4>${lineChart(series, { width: 1000, height: 170, xRange: range, xTicks: ticks, yLabel, title, ...(yRange ? { yRange } : {}) })}</div>`;
  };
  const fieldSeries = (field: string): Series[] =>
    a.devices
      .filter((d) => d.fields[field])
      .map((d) => ({ name: d.device, color: colorOf(index.get(d.device)!), x: d.fields[field]!.rolling.t, y: d.fields[field]!.rolling.mean }));
  const eventSeries = (field: string, style: "step" | "dots"): Series[] =>
    a.devices
      .filter((d) => d.events[field])
      .map((d, k) => ({
        name: d.device,
        color: colorOf(index.get(d.device)!),
        x: d.events[field]!.t,
        y: d.events[field]!.value.map((v) => (style === "dots" ? (v > 0 ? 1 + k * 0.08 : Number.NaN) : v)),
        style,
        opacity: 0.9,
      }));
  const roll = "count" in a.rolling ? `rolling mean of ${a.rolling.count} readings` : `rolling mean over ${a.rolling.seconds} s`;
  return `<h2>Room view</h2><p class="lead">Temperature and humidity (${roll}), light (1 = lit) and motion detections on one time axis (${escapeHtml(a.timeZone)}); devices overlaid.</p>${legend(a.devices, index)}
<div class="stack">${panel("Temperature", fieldSeries("temperature"), a.units.temperature)}${panel("Humidity", fieldSeries("humidity"), "%RH")}${panel("Light", eventSeries("light", "step"), "lit", [-0.1, 1.1])}${panel("Motion", eventSeries("motion", "dots"), "motion", [0, 2])}</div>`;
}

function describeTable(a: Analysis): string {
  const rows = a.devices.flatMap((d) =>
    Object.entries(d.fields).map(([field, f]) => {
      const s = f.describe;
      const mark = s.quartiles.method === "sketch" ? "*" : "";
      return `<tr><td>${escapeHtml(d.device)}</td><td>${escapeHtml(field)} (${unitOf(a, field)})${mark}</td>${[s.count].map((c) => `<td class="num">${c.toLocaleString("en-US")}</td>`).join("")}${[s.mean, s.std, s.min, s.q25, s.q50, s.q75, s.max].map((v) => `<td class="num">${num(v)}</td>`).join("")}</tr>`;
    }),
  );
  if (rows.length === 0) return "";
  const sketched = a.devices.flatMap((d) => Object.values(d.fields).map((f) => f.describe.quartiles)).filter((q) => q.method === "sketch");
  const quartiles =
    sketched.length === 0
      ? "quartiles by linear interpolation (exact)"
      : `quartiles by linear interpolation, exact except those marked *, which come from a KLL sketch (over ${EXACT_QUANTILE_LIMIT.toLocaleString("en-US")} values with many distinct ones): rank error ≤ ${100 * Math.max(...sketched.map((q) => q.rankError))} % of the count`;
  return `<h2>describe()</h2><p class="lead">Per device and field, with pandas' definitions: sample standard deviation, ${quartiles}.</p><div class="table-wrap"><table><tr><th>device</th><th>field</th><th>count</th><th>mean</th><th>std</th><th>min</th><th>25%</th><th>50%</th><th>75%</th><th>max</th></tr>${rows.join("")}</table></div>`;
}

function healthTable(a: Analysis): string {
  const rows = a.devices.map((d) => {
    const u = d.uptime;
    const corr = Object.entries(d.correlations)
      .map(([k, r]) => `${escapeHtml(k)} ${num(r)}`)
      .join(", ");
    const motion = d.motion ? `${num(d.motion.eventsPerHour, 1)}/h` : "–";
    const lit =
      d.lit === undefined ? "–" : d.lit === null ? "unknown (no “dark” readings)" : d.lit.map((x) => `${x.date.slice(5)}: ${num(x.litHours, 1)} h`).join(", ");
    return `<tr><td>${escapeHtml(d.device)}</td><td>${escapeHtml(d.type)}</td><td class="num">${d.count.toLocaleString("en-US")}</td><td class="num">${u ? `${u.received.toLocaleString("en-US")} / ${u.expected.toLocaleString("en-US")}` : "–"}</td><td class="num">${u ? num(u.cadenceSeconds, 1) + " s" : "–"}</td><td class="num">${u ? num(100 * u.uptime, 1) + " %" : "–"}</td><td class="num">${u ? u.gapCount : "–"}</td><td>${corr || "–"}</td><td class="num">${motion}</td><td>${lit}</td></tr>`;
  });
  return `<h2>Devices</h2><p class="lead">Received vs expected readings at the median cadence, uptime outside gaps longer than three cadences, correlations, motion detections per hour and lit hours per local day.</p><div class="table-wrap"><table><tr><th>device</th><th>type</th><th>readings</th><th>received / expected</th><th>cadence</th><th>uptime</th><th>gaps</th><th>correlation</th><th>motion</th><th>lit hours</th></tr>${rows.join("")}</table></div>`;
}

function scatterGrid(a: Analysis, index: Map<string, number>): string {
  const with_ = a.devices.filter((d) => d.scatter);
  if (with_.length === 0) return "";
  const all = with_.flatMap((d) => d.scatter!.temperature);
  const allH = with_.flatMap((d) => d.scatter!.humidity);
  const xr = [Math.min(...all) - 0.3, Math.max(...all) + 0.3] as const;
  const yr = [Math.min(...allH) - 1, Math.max(...allH) + 1] as const;
  const panels = with_.map((d) => {
    const r = d.correlations["temperature~humidity"];
    const chart = lineChart([{ name: d.device, color: colorOf(index.get(d.device)!), x: d.scatter!.temperature, y: d.scatter!.humidity, style: "dots" }], {
      width: 320,
      height: 240,
      xRange: xr,
      yRange: yr,
      yLabel: "%RH",
      xTicks: tickLabels(xr),
      title: `${d.device} temperature vs humidity`,
    });
    return `<div class="panel"><h4>${escapeHtml(d.device)}<span>r = ${num(r)}</span></h4>${chart}</div>`;
  });
  return `<h2>Temperature vs humidity</h2><p class="lead">One panel per device on shared axes (x: temperature, ${a.units.temperature}); up to 1,500 readings each.</p><div class="grid">${panels.join("")}</div>`;
}

function tickLabels(range: readonly [number, number]): { at: number; label: string }[] {
  const step = (range[1] - range[0]) / 4;
  return Array.from({ length: 5 }, (_, i) => range[0] + i * step).map((v) => ({ at: v, label: Number(v.toPrecision(3)).toString() }));
}

function histograms(a: Analysis, index: Map<string, number>): string {
  const panels = a.devices.flatMap((d) =>
    Object.entries(d.fields).map(([field, f]) => {
      const h = f.histogram;
      const chart = barChart(
        h.bins.map((b) => ({ start: b.start, end: b.end, height: b.density })),
        h.curve.map((c) => ({ x: c.x, y: c.density })),
        colorOf(index.get(d.device)!),
        { width: 320, height: 200, yLabel: "density", title: `${d.device} ${field} histogram` },
      );
      return `<div class="panel"><h4>${escapeHtml(d.device)} · ${escapeHtml(FIELD_LABEL[field] ?? field)}<span>N(${num(h.normal.mean)}, ${num(h.normal.std)}) · JB p ${num(h.normality.pValue, 3)}</span></h4>${chart}</div>`;
    }),
  );
  if (panels.length === 0) return "";
  return `<h2>Histograms with the fitted normal</h2><p class="lead">Bars: density of readings; curve: the normal with the sample mean and std. JB p is the Jarque–Bera test's p-value (skewness and kurtosis against a normal; near 0 = not normal).</p><div class="grid">${panels.join("")}</div>`;
}

function profiles(a: Analysis, index: Map<string, number>): string {
  const fields = [...new Set(a.devices.flatMap((d) => Object.keys(d.fields)))];
  const ticks = [0, 6, 12, 18, 23].map((h) => ({ at: h, label: `${h}:00` }));
  const panels = fields.map((field) => {
    const series = a.devices
      .filter((d) => d.fields[field])
      .map((d) => ({
        name: d.device,
        color: colorOf(index.get(d.device)!),
        x: d.fields[field]!.hourly.map((h) => h.hour),
        y: d.fields[field]!.hourly.map((h) => h.mean ?? Number.NaN),
      }));
    return `<div class="panel"><h4>${escapeHtml(FIELD_LABEL[field] ?? field)} by hour<span>${unitOf(a, field)}</span></h4>${lineChart(series, { width: 480, height: 220, xRange: [0, 23], xTicks: ticks, yLabel: unitOf(a, field), title: `${field} by local hour` })}</div>`;
  });
  if (panels.length === 0) return "";
  const dayRows = a.devices.flatMap((d) =>
    Object.entries(d.fields).flatMap(([field, f]) =>
      f.dayOverDay.map(
        (x) =>
          `<tr><td>${escapeHtml(d.device)}</td><td>${escapeHtml(field)}</td><td>${x.date}</td><td class="num">${x.count.toLocaleString("en-US")}</td><td class="num">${num(x.mean)}</td><td class="num">${x.change === null ? "–" : (x.change >= 0 ? "+" : "") + num(x.change)}</td></tr>`,
      ),
    ),
  );
  return `<h2>Daily profile and day-over-day change</h2><p class="lead">Mean by hour of local time (${escapeHtml(a.timeZone)}), and each local day's mean with its change from the day before.</p><div class="grid">${panels.join("")}</div>
<details open><summary>Day over day</summary><div class="table-wrap"><table><tr><th>device</th><th>field</th><th>day</th><th>readings</th><th>mean</th><th>change</th></tr>${dayRows.join("")}</table></div></details>`;
}

/**
 * Renders the analysis as one HTML document.
 *
 * @example
 * writeFileSync("report.html", renderAnalysisReport(analyze(series, { fahrenheit: true })));
 */
export function renderAnalysisReport(a: Analysis, title = "mimic analyze"): string {
  const clock = localClock(a.timeZone);
  const index = new Map(a.devices.map((d, i) => [d.device, i]));
  const from = Math.min(...a.devices.map((d) => d.from));
  const to = Math.max(...a.devices.map((d) => d.to));
  const total = a.devices.reduce((s, d) => s + d.count, 0);
  const fmtTime = (t: number): string => {
    const local = t + clock.offsetSeconds(t);
    return new Date(local * 1000).toISOString().slice(0, 16).replace("T", " ");
  };
  const cards = [
    ["Devices", String(a.devices.length), [...new Set(a.devices.map((d) => d.type))].join(", ")],
    ["Readings", total.toLocaleString("en-US"), "in the selection"],
    ["Span", `${num((to - from) / 3600, 1)} h`, `${fmtTime(from)} → ${fmtTime(to)}`],
    ["Units", a.units.temperature, `times in ${a.timeZone}`],
  ];
  const subtitle = `${a.devices.length} device${a.devices.length === 1 ? "" : "s"}, ${fmtTime(from)} → ${fmtTime(to)} (${a.timeZone})`;
  return htmlPage({
    title,
    heading: title,
    subtitle,
    body: `<div class="cards">${cards.map(([h, v, n]) => valueCard(h!, v!, escapeHtml(n!), "accent")).join("")}</div>
${roomView(a, index, [from, to], clock)}
${describeTable(a)}
${healthTable(a)}
${scatterGrid(a, index)}
${histograms(a, index)}
${profiles(a, index)}`,
    footer:
      "Written by mimic analyze. Statistics: moments by Welford's update merged with Chan's formula; quartiles with pandas' linear interpolation, exact up to 10 million values per device and field (any count of few distinct values) and from a KLL sketch beyond; charts reduced while reading to min/max per pixel column (raw) and LTTB (rolling means).",
  });
}
