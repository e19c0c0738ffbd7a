// The fleet table with 20,000 devices (the bar): the DOM holds only the rows in view
// however far one scrolls, and sorting and filtering work over the whole list.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/telemetry/adapters/store-sqlite/index.js";
import { addDevice, loadOrCreateTokenSecret } from "../../src/telemetry/auth/index.js";
import { chromiumAvailable, launchChromium } from "../support/chromium.js";
import { DESKTOP, openDashboard } from "./dashboard-browser.js";
import { startServe, type ServeProcess } from "./serve-process.js";

const available = chromiumAvailable("the 20,000-device fleet table test");
const DEVICES = 20_000;
/** Rows a 900 px window can show plus the overscan on both sides: far below the fleet. */
const MAX_DOM_ROWS = 60;
const idOf = (i: number): string => `node-${String(i).padStart(5, "0")}`;

describe.skipIf(!available)("the fleet table with 20,000 devices", () => {
  // Registering 20,000 devices is 20,000 transactions: on tmpfs their fsyncs cost nothing.
  const dir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "mimic-dash-fleet-"));
  let server: ServeProcess;
  let browser: Browser;

  beforeAll(async () => {
    const store = await openSqliteStore({ path: join(dir, "mimic.db"), thread: "inline" });
    const secret = loadOrCreateTokenSecret(dir);
    // Every 7th device carries a PIR only, so a sensor filter has a known answer.
    for (let i = 0; i < DEVICES; i++) await addDevice(store, secret, { id: idOf(i), sensors: i % 7 === 0 ? ["PIR"] : ["DHT22"], now: Date.now() });
    await store.close();
    server = await startServe(["--data-dir", dir]);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the DOM's rows bounded while scrolling, and sorts and filters the whole fleet", async () => {
    const { page, errors } = await openDashboard(browser, server, DESKTOP);
    const table = page.locator(`#fleet-table[data-rows="${DEVICES}"]`);
    await table.waitFor({ state: "attached", timeout: 60_000 });
    const domRows = (): Promise<number> => page.locator("#fleet-table tbody tr.row").count();
    const firstId = (): Promise<string | null> => page.locator("#fleet-table tbody tr.row").first().getAttribute("data-device");
    expect(await domRows()).toBeLessThanOrEqual(MAX_DOM_ROWS);
    expect(await firstId()).toBe(idOf(0));
    // Each row is the height the scroller's arithmetic assumes.
    expect(await page.evaluate<number>(`document.querySelector("#fleet-table tbody tr.row").getBoundingClientRect().height`)).toBe(36);

    // Scroll to the middle: the rows there are drawn, and still only a window of them.
    await page.evaluate(`document.getElementById("fleet-scroll").scrollTop = ${10_000 * 36}`);
    await page.locator(`#fleet-table tr[data-device="${idOf(10_000)}"]`).waitFor();
    expect(await domRows()).toBeLessThanOrEqual(MAX_DOM_ROWS);
    // The scrollbar spans the whole fleet.
    expect(await page.evaluate<number>(`document.getElementById("fleet-scroll").scrollHeight`)).toBeGreaterThan(DEVICES * 36);

    // Sort by device, descending: the last id comes first (and the view returns to the top of the list).
    await page.evaluate(`document.getElementById("fleet-scroll").scrollTop = 0`);
    await page.click("th[data-key='id']");
    await page.locator(`#fleet-table th[data-key="id"][aria-sort="descending"]`).waitFor();
    await page.locator(`#fleet-table tbody tr.row[data-device="${idOf(DEVICES - 1)}"]`).waitFor();
    expect(await firstId()).toBe(idOf(DEVICES - 1));

    // Filter by sensor kind: every 7th device.
    await page.fill("#fleet-filter", "pir");
    const pir = Math.ceil(DEVICES / 7);
    await page.locator(`#fleet-table[data-rows="${pir}"]`).waitFor({ state: "attached" });
    expect(await domRows()).toBeLessThanOrEqual(MAX_DOM_ROWS);
    expect(await page.locator("#fleet-summary").textContent()).toContain(`${pir.toLocaleString("en-US")} match the filter`);
    // Filter by id: one device.
    await page.fill("#fleet-filter", idOf(12_345));
    await page.locator(`#fleet-table[data-rows="1"]`).waitFor({ state: "attached" });
    expect(await firstId()).toBe(idOf(12_345));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
