// The Compare and Operations pages, every page's console, and screenshots of each page at a
// desktop and a phone width, against a real `mimic serve` (SQLite + embedded bus).
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium } from "../support/chromium.js";
import { DESKTOP, PHONE, bodyMark, fitsWidth, openDashboard } from "./dashboard-browser.js";
import { mimic, startServe, type ServeProcess } from "./serve-process.js";

const available = chromiumAvailable("the dashboard page tests");
const SHOTS = join(tmpdir(), "mimic-dashboard-shots");
const ROOMS = ["room-a", "room-b", "room-c"];

describe.skipIf(!available)("the dashboard's Compare and Operations pages", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-dash-pages-"));
  let server: ServeProcess;
  let browser: Browser;
  const tokens: Record<string, string> = {};
  const now = Math.floor(Date.now() / 1000);

  const post = (device: string, readings: object[]) =>
    fetch(`${server.url}/v1/telemetry/batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens[device]}`, "content-type": "application/json" },
      body: JSON.stringify(readings.map((r) => ({ device, ...r }))),
    });

  beforeAll(async () => {
    for (const id of ROOMS) {
      const added = mimic(["devices", "add", id, "--data-dir", dir]);
      expect(added.code, added.stderr).toBe(0);
      tokens[id] = added.stdout.trim();
    }
    server = await startServe(["--data-dir", dir]);
    // Each room: 30 DHT22 readings a minute apart over the last half hour, room k k degrees warmer.
    for (const [k, id] of ROOMS.entries()) {
      const history = Array.from({ length: 30 }, (_, i) => ({
        type: "DHT22",
        timestamp: now - 60 * (i + 1),
        data: { temperature: 20 + k + i / 100, humidity: 40 + 5 * k },
      }));
      expect((await post(id, history)).status).toBe(201);
    }
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("overlays the fleet's first devices on the four panels and draws temperature against humidity", async () => {
    // A one-reading spike in room-a, at the time of one of its readings (so it adds no column).
    expect((await post("room-a", [{ type: "DHT22", timestamp: now - 60 * 5, data: { temperature: 45, humidity: 40 } }])).status).toBe(201);
    const { page, errors } = await openDashboard(browser, server, DESKTOP);
    await page.goto(`${server.url}/dashboard/#/compare`);
    await bodyMark(page, "compared", 1);
    // No device named: the fleet's first three, written back into the URL.
    expect(new URL(page.url()).hash).toBe(`#/compare/${ROOMS.join(",")}`);
    expect(await page.locator("#compare-temperature").getAttribute("data-lines")).toBe("3");
    // Columns of one width start at the same times for every device (they read at the same
    // instants here), so the overlay's time axis has as many points as one device has columns,
    // and the scatter one point per column per device.
    const columns = Number(await page.locator("#compare-temperature").getAttribute("data-points"));
    expect(columns).toBeGreaterThan(20);
    expect(await page.locator("#compare-scatter").getAttribute("data-points")).toBe(String(3 * columns));
    expect(await page.locator("#compare-summary").textContent()).toContain("3 devices, 91 readings");
    // The spike is averaged into its column's mean but kept as the column's max: the band reaches it.
    expect(await page.locator("#compare-temperature").getAttribute("data-high")).toBe("45");
    // One field at a time: the others are hidden.
    await page.selectOption("#compare-field", "humidity");
    expect(await page.locator("#compare-temperature").isHidden()).toBe(true);
    expect(await page.locator("#compare-humidity").isVisible()).toBe(true);
    await page.selectOption("#compare-field", "all");
    await page.screenshot({ path: join(SHOTS, "compare-1400.png"), fullPage: true });
    // A range change asks again and redraws one point per column of the new width: the readings'
    // distinct column starts (every room read at the same instants), and the spike still shows.
    let asked = 1;
    let shown = columns;
    for (const range of ["7d", "1h"]) {
      await page.click(`button[data-range="${range}"]`);
      await bodyMark(page, "compared", ++asked);
      const bucket = Number(/(\d+) s per point/.exec((await page.locator("#compare-summary").textContent()) ?? "")?.[1]);
      const expected = new Set(Array.from({ length: 30 }, (_, i) => Math.floor((now - 60 * (i + 1)) / bucket))).size;
      expect(Number(await page.locator("#compare-temperature").getAttribute("data-points")), range).toBe(expected);
      shown = expected;
      expect(await page.locator("#compare-temperature").getAttribute("data-high"), range).toBe("45");
    }
    expect(asked).toBe(3);
    // Removing a device asks again with two.
    await page.click(`button.chip[data-device="room-b"]`);
    await bodyMark(page, "compared", 4);
    expect(new URL(page.url()).hash).toBe("#/compare/room-a,room-c");
    expect(await page.locator("#compare-scatter").getAttribute("data-points")).toBe(String(2 * shown));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("draws the operations charts from /v1/ops, counting what was refused and by whom", async () => {
    // A refused request of a known device: a reading for another device under room-a's token.
    expect((await post("room-a", [{ device: "room-b", type: "DHT22", timestamp: now, data: { temperature: 20, humidity: 40 } }])).status).toBe(403);
    const ops = (await (await fetch(`${server.url}/v1/ops`, { headers: { authorization: server.read } })).json()) as Record<string, unknown>;
    expect(ops).toMatchObject({ busUp: true, readingsAccepted: 91, rejected: { AUTH_DEVICE_MISMATCH: 1 } });
    expect(ops["storeSizeBytes"]).toBeGreaterThan(0);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: server.read } })).text();
    expect(metrics).toMatch(/mimic_device_rejections_total\{device="room-a",reason="AUTH_DEVICE_MISMATCH"\} 1\n/);
    expect(metrics).toMatch(/mimic_bus_up 1\n/);
    expect(metrics).toMatch(/mimic_store_size_bytes [1-9]\d*\n/);

    const { page, errors } = await openDashboard(browser, server, DESKTOP);
    const row = page.locator(`#fleet-table tr[data-device="room-a"]`);
    await row.waitFor();
    expect(await row.locator("td").nth(5).textContent()).toBe("1 (AUTH_DEVICE_MISMATCH: 1)");
    await page.goto(`${server.url}/dashboard/#/ops`);
    // The first poll draws at once: the gauges, and the latency of every request since start
    // (said beside the title); rates, being differences, come with the second poll.
    await bodyMark(page, "ops", 1, 20_000);
    for (const id of ["ops-latency", "ops-queue", "ops-store", "ops-bus"]) expect(await page.locator(`#${id}`).getAttribute("data-high"), id).toMatch(/^\d/);
    expect(Number(await page.locator("#ops-latency").getAttribute("data-high"))).toBeGreaterThan(0);
    expect(await page.locator("#ops-latency h2").textContent()).toContain("first point: all since start");
    expect(await page.locator("#ops-ingest h2").textContent()).toContain("from the next poll");
    await bodyMark(page, "ops", 2, 20_000);
    for (const id of ["ops-ingest", "ops-latency", "ops-queue", "ops-rejected", "ops-store", "ops-bus"])
      expect(Number(await page.locator(`#${id}`).getAttribute("data-points")), id).toBeGreaterThanOrEqual(2);
    expect(await page.locator("#ops-summary").textContent()).toContain("bus up");
    await page.screenshot({ path: join(SHOTS, "ops-1400.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("loads every page with no console error, and lists and draws the live detector's alarms", async () => {
    // A physically impossible temperature (accepted at ingest, past the DHT22's 80 °C) is a `range` alarm.
    expect((await post("room-a", [{ type: "DHT22", timestamp: now - 5, data: { temperature: 120, humidity: 40 } }])).status).toBe(201);
    let alarms: { kind: string; device: string }[] = [];
    for (let i = 0; i < 100 && !alarms.some((a) => a.kind === "range"); i++) {
      await new Promise((r) => setTimeout(r, 100));
      alarms = ((await (await fetch(`${server.url}/v1/alarms?device=room-a`, { headers: { authorization: server.read } })).json()) as { alarms: typeof alarms })
        .alarms;
    }
    expect(alarms.filter((a) => a.kind === "range")).toHaveLength(1);
    for (const [name, viewport] of [
      ["1400", DESKTOP],
      ["390", PHONE],
    ] as const) {
      const { page, errors, requested } = await openDashboard(browser, server, viewport);
      await page.locator(`#fleet-table tr[data-device="room-a"]`).waitFor();
      // The server reports open alarms per device, so the column is there (a count, never "[object Object]").
      if (viewport === DESKTOP) {
        expect(await page.locator("#fleet-table th.alarms").isVisible()).toBe(true);
        expect(await page.locator(`#fleet-table tr[data-device="room-a"] td.alarms`).textContent()).toMatch(/^\d+/);
      }
      await page.screenshot({ path: join(SHOTS, `pages-fleet-${name}.png`), fullPage: true });
      await page.goto(`${server.url}/dashboard/#/device/room-a`);
      await bodyMark(page, "drawn", 1);
      await page.locator("#device-alarms li").first().waitFor();
      expect(await page.locator("#device-alarms").textContent()).toContain("range on DHT22");
      await page.screenshot({ path: join(SHOTS, `pages-device-${name}.png`), fullPage: true });
      await page.goto(`${server.url}/dashboard/#/compare/room-a,room-c`);
      await bodyMark(page, "compared", 1);
      await page.screenshot({ path: join(SHOTS, `pages-compare-${name}.png`), fullPage: true });
      await fitsWidth(page, viewport.width);
      await page.goto(`${server.url}/dashboard/#/ops`);
      await bodyMark(page, "ops", 1, 20_000);
      await fitsWidth(page, viewport.width);
      await page.screenshot({ path: join(SHOTS, `pages-ops-${name}.png`), fullPage: true });
      expect(requested.some((u) => new URL(u).pathname === "/v1/alarms")).toBe(true);
      expect(requested.filter((u) => !u.startsWith(`${server.url}/`))).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});
