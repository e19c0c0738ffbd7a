// `mimic train --report` renders in a real browser (Debian's chromium via playwright-core) with no
// console errors and no network request, at desktop and phone widths. Skips with a message when
// chromium is not installed, except under CI=true.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium, openReport } from "../support/chromium.js";
import { tempDir } from "../../src/synth/model/test-support/temp-csv.js";

const MAIN = join(import.meta.dirname, "..", "..", "dist", "main.js");
const available = chromiumAvailable("the train report rendering test");

const tmp = tempDir();
afterAll(() => tmp.remove());

function mimic(...args: string[]): number {
  return spawnSync(process.execPath, [MAIN, ...args], { cwd: tmp.dir, encoding: "utf8", timeout: 300_000 }).status ?? -1;
}

describe.skipIf(!available)("the train report in headless Chromium", () => {
  it("renders the scores, both protocols, per-room scores and the confusion matrix without errors or network, on desktop and phone", async () => {
    expect(mimic("generate", "iot", "--devices", "4", "--days", "2", "--seed", "5", "--out", "fleet.csv")).toBe(0);
    expect(mimic("train", "--in", "fleet.csv", "--target", "room", "--model", "auto", "--out", "model.json", "--report", "train.html")).toBe(0);
    const browser = await launchChromium();
    try {
      for (const viewport of [
        { width: 1280, height: 900 },
        { width: 390, height: 844 },
      ]) {
        const { page, errors, networkRequests } = await openReport(browser, join(tmp.dir, "train.html"), viewport);
        expect(errors).toEqual([]);
        expect(networkRequests()).toEqual([]);
        expect(await page.locator(".card").count()).toBe(4);
        expect(await page.locator("h2", { hasText: "How auto chose" }).count()).toBe(1);
        // The protocol table: honest, baseline, time folds, and the seed's two numbers.
        expect(await page.locator("h2", { hasText: "vs the seed's protocol" }).locator("xpath=following-sibling::table[1]").locator("tr").count()).toBe(6);
        // Per-room table: a header and one row per room; the heatmap: 4 × 4 cells.
        expect(await page.locator("h2", { hasText: "Per room" }).locator("xpath=following-sibling::div[1]").locator("tr").count()).toBe(5);
        expect(await page.locator(".heatmap svg rect").count()).toBe(16);
        expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(viewport.width + 1);
        const shot = join(process.env["MIMIC_SCREENSHOT_DIR"] ?? tmp.dir, `train-report-${viewport.width}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        expect(statSync(shot).size).toBeGreaterThan(30_000);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});
