// Fleet: every device with its sensors, status, last seen, readings in the last hour, refused
// requests and open alarms; sortable, filterable, updated by the live feed between refreshes of
// /v1/devices. The table is virtualised: only the rows in view (and a few around) are in the DOM,
// so 20,000 devices scroll, sort and filter as quickly as twenty.
import { fetchFleet, type FleetDevice, type Liveness } from "./api.js";
import { ago, h } from "./dom.js";
import { openLive } from "./live.js";

/** Every row's height in pixels (style.css sets the same): the scroll position maps to a row index. */
export const ROW_HEIGHT = 36;
/** Rows drawn beyond the visible ones on each side, so a quick scroll shows no blank. */
const OVERSCAN = 8;
const REFRESH_MS = 10_000;
const LATE_AFTER = 3;
const SILENT_AFTER = 10;

type SortKey = "id" | "status" | "lastSeen" | "readingsLastHour" | "rejected" | "openAlarms";
const STATUS_ORDER: Record<Liveness, number> = { live: 0, late: 1, silent: 2 };

const rejectedOf = (d: FleetDevice): number => Object.values(d.rejections ?? {}).reduce((a, b) => a + b, 0);

export function showFleet(root: HTMLElement): () => void {
  let devices: FleetDevice[] = [];
  let shown: FleetDevice[] = [];
  let cadence = 15;
  let clockSkew = 0; // server now − browser now, seconds
  let sort: { key: SortKey; dir: 1 | -1 } = { key: "id", dir: 1 };
  let filter = "";
  let withAlarms = false;
  const byId = new Map<string, FleetDevice>();

  const input = h("input", { type: "search", placeholder: "Filter by device, sensor or status", "aria-label": "Filter devices", id: "fleet-filter" });
  const summary = h("p", { class: "summary", id: "fleet-summary" }, "Loading…");
  const tbody = h("tbody");
  const headers: [SortKey | undefined, string, string | undefined][] = [
    ["id", "Device", undefined],
    [undefined, "Sensors", "sensors"],
    ["status", "Status", undefined],
    ["lastSeen", "Last seen", "num"],
    ["readingsLastHour", "Readings (1 h)", "num"],
    ["rejected", "Refused", "num refused"],
    ["openAlarms", "Open alarms", "num alarms"],
  ];
  const headRow = h("tr");
  for (const [key, label, cls] of headers) {
    const th = h("th", { scope: "col", class: cls, "data-key": key }, label);
    if (key !== undefined) {
      th.classList.add("sortable");
      th.tabIndex = 0;
      const sortBy = (): void => {
        sort = { key, dir: sort.key === key ? (-sort.dir as 1 | -1) : 1 };
        recompute();
      };
      th.addEventListener("click", sortBy);
      th.addEventListener("keydown", (e) => e.key === "Enter" && sortBy());
    }
    headRow.append(th);
  }
  const table = h("table", { id: "fleet-table" }, h("thead", {}, headRow), tbody);
  const scroller = h("div", { class: "table-wrap virtual", id: "fleet-scroll" }, table);
  root.replaceChildren(h("section", { class: "fleet" }, h("div", { class: "toolbar" }, h("h1", {}, "Fleet"), input), summary, scroller));
  input.addEventListener("input", () => {
    filter = input.value.trim().toLowerCase();
    scroller.scrollTop = 0;
    recompute();
  });

  const now = (): number => Date.now() / 1000 + clockSkew;
  const statusOf = (d: FleetDevice): Liveness => {
    if (d.lastSeen === null) return "silent";
    const missed = (now() - d.lastSeen) / cadence;
    return missed > SILENT_AFTER ? "silent" : missed > LATE_AFTER ? "late" : "live";
  };

  /** Filters and sorts the whole list (statuses age, so on every tick too), then draws the rows in view. */
  function recompute(): void {
    for (const d of devices) d.status = statusOf(d);
    shown = devices.filter(
      (d) => filter === "" || d.id.toLowerCase().includes(filter) || d.status === filter || d.sensors.some((s) => s.toLowerCase() === filter),
    );
    const value = (d: FleetDevice): string | number => {
      switch (sort.key) {
        case "status":
          return STATUS_ORDER[d.status];
        case "lastSeen":
          return d.lastSeen ?? -1;
        case "rejected":
          return rejectedOf(d);
        case "openAlarms":
          return d.openAlarms ?? 0;
        default:
          return d[sort.key];
      }
    };
    // Ties keep a stable order by id, so rows do not jump between ticks.
    shown.sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      return (va < vb ? -1 : va > vb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * sort.dir;
    });
    const counts = { live: 0, late: 0, silent: 0 };
    for (const d of devices) counts[d.status]++;
    const alarms = withAlarms ? `; ${devices.reduce((n, d) => n + (d.openAlarms ?? 0), 0)} open alarms` : "";
    summary.textContent = `${devices.length.toLocaleString()} ${devices.length === 1 ? "device" : "devices"}: ${counts.live} live, ${counts.late} late, ${counts.silent} silent${alarms}${shown.length < devices.length ? ` — ${shown.length.toLocaleString()} match the filter` : ""}`;
    table.dataset["rows"] = String(shown.length);
    for (const th of headRow.children) th.removeAttribute("aria-sort");
    headRow.querySelector(`th[data-key="${sort.key}"]`)?.setAttribute("aria-sort", sort.dir === 1 ? "ascending" : "descending");
    table.classList.toggle("no-alarms", !withAlarms);
    drawRows();
  }

  const spacer = (height: number): HTMLTableRowElement => {
    const tr = h("tr", { class: "spacer", "aria-hidden": "true" }, h("td", { colspan: String(headers.length) }));
    tr.style.height = `${height}px`;
    return tr;
  };

  /** Only the rows the scroller shows, between two spacers that keep the scrollbar true to the whole list. */
  function drawRows(): void {
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const count = Math.ceil(scroller.clientHeight / ROW_HEIGHT) + 2 * OVERSCAN;
    const last = Math.min(shown.length, first + count);
    const rows = shown.slice(first, last).map((d) => {
      const rejected = rejectedOf(d);
      const reasons = Object.entries(d.rejections ?? {})
        .map(([r, n]) => `${r}: ${n}`)
        .join(", ");
      return h(
        "tr",
        { "data-device": d.id, class: "row" },
        h("td", {}, h("a", { href: `#/device/${encodeURIComponent(d.id)}` }, d.id)),
        h("td", { class: "sensors" }, d.sensors.join(" · ")),
        h("td", {}, h("span", { class: `status ${d.status}` }, d.status)),
        h("td", { class: "num" }, d.lastSeen === null ? "over 1 h ago" : ago(now() - d.lastSeen)),
        h("td", { class: "num" }, d.readingsLastHour),
        h("td", { class: "num refused", title: reasons === "" ? undefined : reasons }, rejected === 0 ? "0" : `${rejected} (${reasons})`),
        h(
          "td",
          { class: `num alarms${(d.openAlarms ?? 0) > 0 ? " open" : ""}` },
          d.openAlarms === undefined
            ? "—"
            : d.openAlarms > 0 && d.openAlarmKinds?.length
              ? `${d.openAlarms} (${d.openAlarmKinds.join(", ")})`
              : String(d.openAlarms),
        ),
      );
    });
    tbody.replaceChildren(spacer(first * ROW_HEIGHT), ...rows, spacer((shown.length - last) * ROW_HEIGHT));
  }

  /** At most one call per frame, however many events ask. */
  const soon = (what: () => void): (() => void) => {
    let pending = false;
    return () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        what();
      });
    };
  };
  const recomputeSoon = soon(recompute);
  scroller.addEventListener("scroll", soon(drawRows), { passive: true });
  window.addEventListener("resize", recomputeSoon);

  const controller = new AbortController();
  async function refresh(): Promise<void> {
    try {
      const answer = await fetchFleet(controller.signal);
      clockSkew = answer.now - Date.now() / 1000;
      cadence = answer.cadenceSeconds;
      devices = answer.devices;
      withAlarms = devices.some((d) => d.openAlarms !== undefined);
      byId.clear();
      for (const d of devices) byId.set(d.id, d);
      recompute();
    } catch (error) {
      if (!controller.signal.aborted) summary.textContent = `Could not load the fleet: ${(error as Error).message}`;
    }
  }
  void refresh();
  const timer = setInterval(() => void refresh(), REFRESH_MS);
  // Status ages with time even when nothing arrives.
  const ticker = setInterval(recomputeSoon, 1000);
  const closeLive = openLive(undefined, (readings) => {
    for (const r of readings) {
      const d = byId.get(r.device);
      if (!d) continue;
      d.lastSeen = Math.max(d.lastSeen ?? 0, r.timestamp);
      d.readingsLastHour++;
    }
    recomputeSoon();
  });
  return () => {
    controller.abort();
    clearInterval(timer);
    clearInterval(ticker);
    window.removeEventListener("resize", recomputeSoon);
    closeLive();
  };
}
