// The HTML report renders in a real browser (Debian's chromium, driven by playwright-core) with no
// console errors and no network request. Skips with a message when chromium is not installed,
// except under CI=true, where a missing browser is a failure.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium, openReport } from "../support/chromium.js";
import { tempDir } from "../../src/synth/model/test-support/temp-csv.js";
import { vegaJsonToCsv } from "../../src/synth/model/test-support/vega.js";

const MAIN = join(import.meta.dirname, "..", "..", "dist", "main.js");
const available = chromiumAvailable("the report rendering test");

const tmp = tempDir();
afterAll(() => tmp.remove());

function mimic(...args: string[]): number {
  return spawnSync(process.execPath, [MAIN, ...args], { cwd: tmp.dir, encoding: "utf8", timeout: 60_000 }).status ?? -1;
}

describe.skipIf(!available)("the evaluation report in headless Chromium", () => {
  it("renders score cards, distributions, heatmaps and the DCR histogram without errors or network", async () => {
    vegaJsonToCsv("penguins.json", join(tmp.dir, "penguins.csv"));
    expect(mimic("fit", "penguins.csv", "--out", "p.model.json", "--quiet")).toBe(0);
    expect(mimic("sample", "p.model.json", "--rows", "344", "--seed", "4", "--out", "p.csv")).toBe(0);
    expect(mimic("evaluate", "penguins.csv", "p.csv", "--report", "report.html")).toBe(0);
    const browser = await launchChromium();
    try {
      const { page, errors, networkRequests } = await openReport(browser, join(tmp.dir, "report.html"), { width: 1280, height: 900 });
      expect(errors).toEqual([]);
      expect(networkRequests()).toEqual([]);
      expect(await page.locator(".card").count()).toBeGreaterThanOrEqual(6);
      expect(await page.locator(".panel svg").count()).toBe(8); // 7 columns + the DCR histogram
      expect(await page.locator("figure.heatmap").count()).toBe(2);
      expect(await page.locator(".card .value").first().innerText()).toMatch(/^0\.\d{3}$/);
      const shot = join(tmp.dir, "report.png");
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(50_000);
    } finally {
      await browser.close();
    }
  });
});
