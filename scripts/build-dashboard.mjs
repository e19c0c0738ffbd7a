// Bundles the dashboard (dashboard/src/main.ts with uPlot and the stylesheets) into dist/dashboard/,
// where `mimic serve` reads it at start. No CDN: everything the page loads is in this folder.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { build } from "esbuild";

const uplot = JSON.parse(readFileSync("node_modules/uplot/package.json", "utf8"));

mkdirSync("dist/dashboard", { recursive: true });
await build({
  entryPoints: { app: "dashboard/src/main.ts" },
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  // uPlot's licence header is a plain comment that minifying would drop: keep its notice.
  banner: {
    js: `/*! uPlot v${uplot.version} (c) Leon Sorokin, ${uplot.license} licensed: https://github.com/leeoniya/uPlot */`,
    css: `/*! uPlot v${uplot.version} styles, ${uplot.license} */`,
  },
  legalComments: "inline",
  outdir: "dist/dashboard",
  logLevel: "warning",
});
copyFileSync("dashboard/index.html", "dist/dashboard/index.html");
