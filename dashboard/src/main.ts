// The dashboard's entry: a hash router between the Fleet and Device pages. Bundled with uPlot and
// its stylesheet by scripts/build-dashboard.mjs; the page loads nothing from any other origin.
import "uplot/dist/uPlot.min.css";
import "./style.css";
import { showDevice } from "./device-page.js";
import { showFleet } from "./fleet-page.js";

let leave: (() => void) | undefined;

function route(): void {
  const root = document.getElementById("app");
  if (!root) return;
  leave?.();
  const [, page, id] = /^#\/([a-z]+)(?:\/(.+))?$/.exec(location.hash) ?? [];
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.id === `nav-${page ?? "fleet"}`);
  leave = page === "device" ? showDevice(root, id === undefined ? undefined : decodeURIComponent(id)) : showFleet(root);
}

window.addEventListener("hashchange", route);
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", route);
else route();
