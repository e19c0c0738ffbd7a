// The dashboard's entry: a hash router between the Fleet, Device, Compare and Operations pages. Bundled with uPlot and
// its stylesheet by scripts/build-dashboard.mjs; the page loads nothing from any other origin.
import "uplot/dist/uPlot.min.css";
import "./style.css";
import { showCompare } from "./compare-page.js";
import { showDevice } from "./device-page.js";
import { showFleet } from "./fleet-page.js";
import { showOps } from "./ops-page.js";

let leave: (() => void) | undefined;

function route(): void {
  const root = document.getElementById("app");
  if (!root) return;
  leave?.();
  const [, page, id] = /^#\/([a-z]+)(?:\/(.+))?$/.exec(location.hash) ?? [];
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.id === `nav-${page ?? "fleet"}`);
  const rest = id === undefined ? undefined : decodeURIComponent(id);
  leave = page === "device" ? showDevice(root, rest) : page === "compare" ? showCompare(root, id) : page === "ops" ? showOps(root) : showFleet(root);
}

window.addEventListener("hashchange", route);
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", route);
else route();
