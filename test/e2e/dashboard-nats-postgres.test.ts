// The dashboard's pages against `mimic serve --bus nats --store postgres` (the local servers;
// skipped with a message when unreachable, failing under CI=true): the fleet, a device's panels
// with a reading arriving live, Compare and Operations, with no console error.
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium } from "../support/chromium.js";
import { checkService, serviceUrl } from "../support/services.js";
import { DESKTOP, bodyMark, openDashboard } from "./dashboard-browser.js";
import { mimic, startServe, type ServeProcess } from "./serve-process.js";

const postgres = await checkService("postgres");
const nats = await checkService("nats");
const available = chromiumAvailable("the dashboard's NATS + PostgreSQL browser test");
const suffix = randomBytes(4).toString("hex");
const schema = `dash_${suffix}`;
const stream = `DASH_${suffix}`;
const storeUrl = `${serviceUrl("postgres")}?schema=${schema}`;
const busUrl = `${serviceUrl("nats")}?stream=${stream}`;
const DEVICE = "rp-np-dashboard";

describe.skipIf(!available || !postgres.available || !nats.available)("the dashboard on NATS + PostgreSQL", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-dash-np-"));
  let server: ServeProcess;
  let browser: Browser;
  let token: string;
  const now = Math.floor(Date.now() / 1000);
  const post = (readings: object[]) =>
    fetch(`${server.url}/v1/telemetry/batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(readings.map((r) => ({ device: DEVICE, ...r }))),
    });

  beforeAll(async () => {
    const added = mimic(["devices", "add", DEVICE, "--store", storeUrl, "--data-dir", dir]);
    expect(added.code, added.stderr).toBe(0);
    token = added.stdout.trim();
    server = await startServe(["--data-dir", dir, "--store", storeUrl, "--bus", busUrl]);
    const history = Array.from({ length: 20 }, (_, i) => ({ type: "DHT22", timestamp: now - 60 * (i + 1), data: { temperature: 21, humidity: 45 } }));
    expect((await post(history)).status).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    const client = new pg.Client({ connectionString: serviceUrl("postgres") });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
    const nc = await connect({ servers: serviceUrl("nats") });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
    await nc.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("draws every page, shows a posted reading live, and reports the bus and the store's size", async () => {
    const { page, errors } = await openDashboard(browser, server, DESKTOP);
    await page.locator(`#fleet-table tr[data-device="${DEVICE}"]`).waitFor();
    await page.goto(`${server.url}/dashboard/#/device/${DEVICE}`);
    // A 201 means JetStream has the readings; the consumer stores them moments later, so the
    // first draw may miss a few: the 1 h range is asked again until all 20 are there.
    for (let drawn = 1; ; drawn++) {
      await bodyMark(page, "drawn", drawn);
      if ((await page.locator("#panel-temperature").getAttribute("data-points")) === "20" || drawn > 20) break;
      await page.click("button[data-range='1h']");
    }
    expect(await page.locator("#panel-temperature").getAttribute("data-points")).toBe("20");
    await page.locator("#live-state.on").waitFor();
    expect((await post([{ type: "DHT22", timestamp: Math.floor(Date.now() / 1000) - 1, data: { temperature: 22, humidity: 44 } }])).status).toBe(201);
    await page.locator(`#panel-temperature[data-points="21"]`).waitFor({ timeout: 5000 });

    await page.goto(`${server.url}/dashboard/#/compare/${DEVICE}`);
    await bodyMark(page, "compared", 1);
    expect(Number(await page.locator("#compare-scatter").getAttribute("data-points"))).toBeGreaterThan(0);
    await page.goto(`${server.url}/dashboard/#/ops`);
    await bodyMark(page, "ops", 1, 20_000);
    const summary = (await page.locator("#ops-summary").textContent()) ?? "";
    expect(summary).toContain("bus up");
    expect(summary).toMatch(/store \d+\.\d MiB/);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
