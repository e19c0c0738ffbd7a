// Fleet: every device with its sensors, status, last seen and readings in the last hour; sortable,
// filterable, updated by the live feed between refreshes of /v1/devices.
import { fetchFleet, type FleetDevice, type Liveness } from "./api.js";
import { ago, h } from "./dom.js";
import { openLive } from "./live.js";

/** Rows drawn at once: beyond this the filter narrows the list (keeps 20,000 devices responsive). */
const MAX_ROWS = 500;
const REFRESH_MS = 10_000;
const LATE_AFTER = 3;
const SILENT_AFTER = 10;

type SortKey = "id" | "status" | "lastSeen" | "readingsLastHour";
const STATUS_ORDER: Record<Liveness, number> = { live: 0, late: 1, silent: 2 };

export function showFleet(root: HTMLElement): () => void {
  let devices: FleetDevice[] = [];
  let cadence = 15;
  let clockSkew = 0; // server now − browser now, seconds
  let sort: { key: SortKey; dir: 1 | -1 } = { key: "id", dir: 1 };
  let filter = "";
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
  ];
  const headRow = h("tr");
  for (const [key, label, cls] of headers) {
    const th = h("th", { scope: "col", class: cls }, label);
    if (key !== undefined) {
      th.classList.add("sortable");
      th.tabIndex = 0;
      const sortBy = (): void => {
        sort = { key, dir: sort.key === key ? (-sort.dir as 1 | -1) : 1 };
        render();
      };
      th.addEventListener("click", sortBy);
      th.addEventListener("keydown", (e) => e.key === "Enter" && sortBy());
    }
    headRow.append(th);
  }
  root.replaceChildren(
    h(
      "section",
      { class: "fleet" },
      h("div", { class: "toolbar" }, h("h1", {}, "Fleet"), input),
      summary,
      h("div", { class: "table-wrap" }, h("table", { id: "fleet-table" }, h("thead", {}, headRow), tbody)),
    ),
  );
  input.addEventListener("input", () => {
    filter = input.value.trim().toLowerCase();
    render();
  });

  const now = (): number => Date.now() / 1000 + clockSkew;
  const statusOf = (d: FleetDevice): Liveness => {
    if (d.lastSeen === null) return "silent";
    const missed = (now() - d.lastSeen) / cadence;
    return missed > SILENT_AFTER ? "silent" : missed > LATE_AFTER ? "late" : "live";
  };

  function render(): void {
    for (const d of devices) d.status = statusOf(d);
    const shown = devices.filter(
      (d) => filter === "" || d.id.toLowerCase().includes(filter) || d.status === filter || d.sensors.some((s) => s.toLowerCase() === filter),
    );
    const value = (d: FleetDevice): string | number =>
      sort.key === "status" ? STATUS_ORDER[d.status] : sort.key === "lastSeen" ? (d.lastSeen ?? -1) : d[sort.key];
    shown.sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      return (va < vb ? -1 : va > vb ? 1 : 0) * sort.dir;
    });
    const counts = { live: 0, late: 0, silent: 0 };
    for (const d of devices) counts[d.status]++;
    summary.textContent = `${devices.length} ${devices.length === 1 ? "device" : "devices"}: ${counts.live} live, ${counts.late} late, ${counts.silent} silent${shown.length > MAX_ROWS ? ` — showing ${MAX_ROWS} of ${shown.length}, filter to narrow` : ""}`;
    tbody.replaceChildren(
      ...shown
        .slice(0, MAX_ROWS)
        .map((d) =>
          h(
            "tr",
            { "data-device": d.id },
            h("td", {}, h("a", { href: `#/device/${encodeURIComponent(d.id)}` }, d.id)),
            h("td", { class: "sensors" }, d.sensors.join(" · ")),
            h("td", {}, h("span", { class: `status ${d.status}` }, d.status)),
            h("td", { class: "num" }, d.lastSeen === null ? "over 1 h ago" : ago(now() - d.lastSeen)),
            h("td", { class: "num" }, d.readingsLastHour),
          ),
        ),
    );
    for (const th of headRow.children) th.removeAttribute("aria-sort");
    const sortedTh = headRow.children[headers.findIndex(([k]) => k === sort.key)];
    sortedTh?.setAttribute("aria-sort", sort.dir === 1 ? "ascending" : "descending");
  }

  let pending = false;
  const renderSoon = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      render();
    });
  };

  const controller = new AbortController();
  async function refresh(): Promise<void> {
    try {
      const answer = await fetchFleet(controller.signal);
      clockSkew = answer.now - Date.now() / 1000;
      cadence = answer.cadenceSeconds;
      devices = answer.devices;
      byId.clear();
      for (const d of devices) byId.set(d.id, d);
      render();
    } catch (error) {
      if (!controller.signal.aborted) summary.textContent = `Could not load the fleet: ${(error as Error).message}`;
    }
  }
  void refresh();
  const timer = setInterval(() => void refresh(), REFRESH_MS);
  // Status ages with time even when nothing arrives.
  const ticker = setInterval(renderSoon, 1000);
  const closeLive = openLive(undefined, (readings) => {
    for (const r of readings) {
      const d = byId.get(r.device);
      if (!d) continue;
      d.lastSeen = Math.max(d.lastSeen ?? 0, r.timestamp);
      d.readingsLastHour++;
    }
    renderSoon();
  });
  return () => {
    controller.abort();
    clearInterval(timer);
    clearInterval(ticker);
    closeLive();
  };
}
