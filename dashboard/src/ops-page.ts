// Operations: ingest rate, latency percentiles, queue depth, rejections by reason, store size and
// bus state over time, from /v1/ops polled every few seconds into a bounded ring.
import { fetchOps, type OpsSnapshot } from "./api.js";
import { h } from "./dom.js";
import { LineChart, PALETTE } from "./line-chart.js";
import { Ring, addPoint, firstPoint, latencyNote, pointBetween, type OpsPoint } from "./ops-math.js";

const POLL_MS = 2000;
/** Latency percentiles cover the requests of the last 30 s, so a quiet fleet still draws a line. */
const LATENCY_WINDOW_POLLS = 15;
/** Points kept: 30 minutes at one per poll. */
const CAPACITY = 900;
/** Reasons drawn as their own line; the rest are summed into "other". */
const MAX_REASONS = 6;

export function showOps(root: HTMLElement): () => void {
  const controller = new AbortController();
  const ring = new Ring<OpsPoint>(CAPACITY);
  /** The last snapshots, newest last: the latency window's start is the oldest. */
  const recent = new Ring<OpsSnapshot>(LATENCY_WINDOW_POLLS + 1);
  const summary = h("p", { class: "summary", id: "ops-summary" }, "Loading…");
  const grid = h("div", { class: "panels two" });
  root.replaceChildren(h("section", { class: "ops" }, h("div", { class: "toolbar" }, h("h1", {}, "Operations")), summary, grid));
  const width = (): number => {
    const full = Math.max(240, grid.clientWidth - 2);
    return window.innerWidth >= 1000 ? Math.floor((full - 12) / 2) - 2 : full;
  };
  const charts = {
    ingest: new LineChart("ops-ingest", "Ingest rate", "readings/s", width()),
    latency: new LineChart("ops-latency", "Ingest latency (request to 201)", "ms", width()),
    queue: new LineChart("ops-queue", "Bus queue depth", "messages", width()),
    rejected: new LineChart("ops-rejected", "Rejections by reason", "requests/s", width()),
    store: new LineChart("ops-store", "Store size", "MiB", width()),
    bus: new LineChart("ops-bus", "Bus state", "1 = up", width(), { yRange: [0, 1] }),
  };
  grid.append(...Object.values(charts).map((c) => c.el));

  function draw(): void {
    const points = ring.items;
    const t = points.map((p) => p.t);
    // The kept window, at least a minute: with no point yet, the axis is the last minute, not a guess of uPlot's.
    // It ends one poll after the newest point, so that point is not cut in half by the plot's edge.
    const max = (t.at(-1) ?? recent.items.at(-1)?.now ?? Date.now() / 1000) + POLL_MS / 1000;
    const x = { min: Math.min(t[0] ?? max, max - 60), max };
    charts.ingest.setData(t, [{ label: "accepted", color: PALETTE[2]! }], [points.map((p) => p.ingestPerSecond)], undefined, x);
    charts.latency.setData(
      t,
      [
        { label: "p50", color: PALETTE[1]! },
        { label: "p95", color: PALETTE[4]! },
        { label: "p99", color: PALETTE[0]! },
      ],
      [points.map((p) => p.p50Ms), points.map((p) => p.p95Ms), points.map((p) => p.p99Ms)],
      undefined,
      x,
    );
    charts.latency.setNote(latencyNote(points));
    // A rate is a difference: the first poll has none to draw yet.
    const rateNote = points.length === 1 && points[0]!.sinceStart ? "from the next poll" : undefined;
    charts.ingest.setNote(rateNote);
    charts.rejected.setNote(rateNote);
    charts.queue.setData(t, [{ label: "depth", color: PALETTE[3]! }], [points.map((p) => p.queueDepth)], undefined, x);
    // The reasons seen most over the kept window get a line each.
    const totals = new Map<string, number>();
    for (const p of points) for (const [r, v] of Object.entries(p.rejectedPerSecond)) totals.set(r, (totals.get(r) ?? 0) + v);
    const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([r]) => r);
    const shown = ranked.slice(0, MAX_REASONS).sort();
    const rest = ranked.slice(MAX_REASONS);
    const lines = [...shown, ...(rest.length > 0 ? ["other"] : [])].map((label, k) => ({ label, color: PALETTE[k % PALETTE.length]! }));
    // A first point has no rates: a gap, not a zero.
    const rate = (p: OpsPoint, value: number): number | null => (p.ingestPerSecond === null ? null : value);
    const ys = shown.map((r) => points.map((p) => rate(p, p.rejectedPerSecond[r] ?? 0)));
    if (rest.length > 0)
      ys.push(
        points.map((p) =>
          rate(
            p,
            rest.reduce((n, r) => n + (p.rejectedPerSecond[r] ?? 0), 0),
          ),
        ),
      );
    charts.rejected.setData(
      t,
      lines.length > 0 ? lines : [{ label: "none", color: PALETTE[9]! }],
      lines.length > 0 ? ys : [points.map((p) => rate(p, 0))],
      undefined,
      x,
    );
    charts.store.setData(t, [{ label: "size", color: PALETTE[5]! }], [points.map((p) => p.storeSizeMiB)], undefined, x);
    charts.bus.setData(t, [{ label: "up", color: PALETTE[2]! }], [points.map((p) => p.busUp)], undefined, x);
  }

  function describe(s: OpsSnapshot, p: OpsPoint | undefined): string {
    const rejected = Object.values(s.rejected).reduce((a, b) => a + b, 0);
    const size = s.storeSizeBytes === null ? "unknown" : `${(s.storeSizeBytes / 2 ** 20).toFixed(1)} MiB`;
    const rate = p === undefined || p.ingestPerSecond === null ? "" : `${p.ingestPerSecond.toFixed(1)} readings/s now; `;
    return `${rate}${s.readingsAccepted.toLocaleString()} readings accepted and ${rejected.toLocaleString()} requests refused since start; queue ${s.queueDepth}; store ${size}; bus ${s.busUp ? "up" : "DOWN"}${s.storeWritesFailing ? "; store writes failing" : ""}.`;
  }

  async function poll(): Promise<void> {
    try {
      const s = await fetchOps(controller.signal);
      // A first snapshot (or the first after a restart, whose counters start again) draws its gauges
      // and the latency since start at once; rates come with the next poll.
      const last = recent.items.at(-1);
      const p = (last === undefined ? undefined : pointBetween(last, s, recent.items[0])) ?? firstPoint(s);
      // After a restart the older snapshots count from other totals: the window starts again.
      if (p.sinceStart) recent.clear();
      recent.push(s);
      addPoint(ring, p);
      summary.textContent = describe(s, p);
      summary.classList.toggle("error", !s.busUp || s.storeWritesFailing === true);
      draw();
      document.body.dataset["ops"] = String(ring.items.length);
    } catch (error) {
      if (!controller.signal.aborted) summary.textContent = `Could not read /v1/ops: ${(error as Error).message}`;
    }
  }
  void poll();
  const timer = setInterval(() => void poll(), POLL_MS);
  let resizeTimer: number | undefined;
  const onResize = (): void => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      for (const c of Object.values(charts)) c.setWidth(width());
    }, 100);
  };
  window.addEventListener("resize", onResize);
  return () => {
    controller.abort();
    clearInterval(timer);
    window.removeEventListener("resize", onResize);
    for (const c of Object.values(charts)) c.destroy();
  };
}
