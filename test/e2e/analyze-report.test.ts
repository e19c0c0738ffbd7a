// `mimic analyze --report` renders in a real browser (Debian's chromium via playwright-core) with
// no console errors and no network request, at desktop and phone widths. Skips with a message
// when chromium is not installed, except under CI=true.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium, openReport } from "../support/chromium.js";
import { tempDir } from "../../src/synth/model/test-support/temp-csv.js";

const MAIN = join(import.meta.dirname, "..", "..", "dist", "main.js");
const available = chromiumAvailable("the analyze report rendering test");

const tmp = tempDir();
afterAll(() => tmp.remove());

function mimic(...args: string[]): number {
  return spawnSync(process.execPath, [MAIN, ...args], { cwd: tmp.dir, encoding: "utf8", timeout: 60_000 }).status ?? -1;
}

describe.skipIf(!available)("the analyze report in headless Chromium", () => {
  it("renders the room view, tables, scatter plots and histograms without errors or network, on desktop and phone", async () => {
    expect(mimic("generate", "iot", "--devices", "6", "--mix", "dht22=4,pir=1,light=1", "--days", "2", "--seed", "5", "--out", "fleet.csv")).toBe(0);
    expect(mimic("analyze", "--in", "fleet.csv", "--units", "F", "--tz", "America/New_York", "--report", "report.html", "--out", "summary.txt")).toBe(0);
    const browser = await launchChromium();
    try {
      for (const viewport of [
        { width: 1280, height: 900 },
        { width: 390, height: 844 },
      ]) {
        const { page, errors, networkRequests } = await openReport(browser, join(tmp.dir, "report.html"), viewport);
        expect(errors).toEqual([]);
        expect(networkRequests()).toEqual([]);
        expect(await page.locator(".stack .panel svg").count()).toBe(4); // temperature, humidity, light, motion
        expect(await page.locator("h2", { hasText: "Temperature vs humidity" }).count()).toBe(1);
        expect(await page.locator("h2", { hasText: "Histograms" }).locator("xpath=following-sibling::div[1]").locator(".panel").count()).toBe(8); // 4 DHT22 × 2 fields
        // Nothing wider than the screen on a phone (tables scroll inside their own box).
        expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(viewport.width + 1);
        const shot = join(process.env["MIMIC_SCREENSHOT_DIR"] ?? tmp.dir, `analyze-report-${viewport.width}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        expect(statSync(shot).size).toBeGreaterThan(30_000);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});
