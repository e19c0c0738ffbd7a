// The dashboard end to end: the real `mimic serve`, Debian's Chromium through playwright-core. The
// page loads from the URL serve prints, draws a device's four panels, shows a posted reading live,
// loads nothing from another origin, and nothing is readable without the read credential.
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium } from "../support/chromium.js";
import { mimic, startServe, type ServeProcess } from "./serve-process.js";

const available = chromiumAvailable("the dashboard browser tests");
const DEVICE = "rp-dashboard";
/** Where the screenshots go, to be looked at (they are not compared). */
const SHOTS = join(tmpdir(), "mimic-dashboard-shots");

describe.skipIf(!available)("the dashboard in headless Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-dash-"));
  let server: ServeProcess;
  let token: string;
  let browser: Browser;
  const start = Math.floor(Date.now() / 1000);
  // 24 readings 5 min apart, the newest 60 s ago (4 cadences of 15 s: late): 12 of them in the last hour.
  const history = Array.from({ length: 24 }, (_, k) => ({
    type: "DHT22",
    timestamp: start - 60 - 300 * k,
    data: { temperature: 20 + k / 10, humidity: 40 },
  }));

  const post = (readings: object[]) =>
    fetch(`${server.url}/v1/telemetry/batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(readings.map((r) => ({ device: DEVICE, ...r }))),
    });

  beforeAll(async () => {
    const added = mimic(["devices", "add", DEVICE, "--data-dir", dir]);
    expect(added.code, added.stderr).toBe(0);
    token = added.stdout.trim();
    server = await startServe(["--data-dir", dir]);
    expect((await post(history)).status).toBe(201);
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Waits until the device page has drawn its panels `times` times. Selectors, not functions: the
   * page's CSP forbids the eval Playwright's function polling needs.
   */
  const drawn = (page: Page, times: number) => page.locator(`body[data-drawn="${times}"]`).waitFor({ state: "attached" });

  /** A page with the session cookie, recording console errors and every URL it requested. */
  async function openDashboard(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[]; requested: string[] }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors: string[] = [];
    const requested: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => requested.push(r.url()));
    // The URL serve printed: the token is swapped for a cookie and the browser lands on the dashboard.
    await page.goto(`${server.url}/?token=${server.read.slice("Bearer ".length)}`);
    expect(new URL(page.url()).pathname).toBe("/dashboard/");
    return { page, errors, requested };
  }

  it("loads the fleet and a device's four panels with no console error, from this server alone", async () => {
    const { page, errors, requested } = await openDashboard({ width: 1400, height: 900 });
    const row = page.locator(`#fleet-table tr[data-device="${DEVICE}"]`);
    await row.waitFor();
    expect(await row.locator(".status").textContent()).toBe("late");
    expect(await row.locator("td").nth(4).textContent()).toBe("12");
    await page.screenshot({ path: join(SHOTS, "fleet-1400.png") });

    await row.locator("a").click();
    await drawn(page, 1);
    const points = async (): Promise<Record<string, number>> => {
      const ids = ["panel-temperature", "panel-humidity", "panel-light", "panel-motion"];
      return Object.fromEntries(
        await Promise.all(ids.map(async (id): Promise<[string, number]> => [id, Number(await page.locator(`#${id}`).getAttribute("data-points"))])),
      );
    };
    expect(await points()).toEqual({ "panel-temperature": 12, "panel-humidity": 12, "panel-light": 0, "panel-motion": 0 });
    expect(await page.evaluate(() => performance.getEntriesByName("mimic:panels-drawn").length)).toBe(1);
    // A range change asks again and redraws: all 24 readings in the last 24 h, one column each.
    await page.click("button[data-range='24h']");
    await drawn(page, 2);
    expect((await points())["panel-temperature"]).toBe(24);
    await page.screenshot({ path: join(SHOTS, "device-1400.png") });

    const cookie = (await page.context().cookies()).find((c) => c.name === "mimic_read");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    expect(errors).toEqual([]);
    expect(requested.filter((u) => !u.startsWith(`${server.url}/`))).toEqual([]);
    await page.context().close();
  });

  it("shows a reading posted with fetch on the open device page within 2 s of its 201", async () => {
    const { page, errors } = await openDashboard({ width: 1400, height: 900 });
    await page.goto(`${server.url}/dashboard/#/device/${DEVICE}`);
    await drawn(page, 1);
    await page.locator("#live-state.on").waitFor();
    const before = Number(await page.locator("#panel-temperature").getAttribute("data-points"));
    const res = await post([{ type: "DHT22", timestamp: Math.floor(Date.now() / 1000) - 1, data: { temperature: 23.4, humidity: 45 } }]);
    expect(res.status).toBe(201);
    // The target is 1 s; the test allows 2 s on a shared machine.
    await page.locator(`#panel-temperature[data-points="${before + 1}"]`).waitFor({ timeout: 2000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("fits a phone's width", async () => {
    const { page, errors } = await openDashboard({ width: 390, height: 844 });
    await page.locator(`#fleet-table tr[data-device="${DEVICE}"]`).waitFor();
    await page.screenshot({ path: join(SHOTS, "fleet-390.png"), fullPage: true });
    await page.goto(`${server.url}/dashboard/#/device/${DEVICE}`);
    await drawn(page, 1);
    // Nothing wider than the screen: the panels follow the page's width.
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, "device-390.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("refuses the page and its data without a read token, and sends a strict Content-Security-Policy", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const path of ["/dashboard/", "/dashboard/app.js", `/v1/series?device=${DEVICE}&from=${now - 3600}`, "/v1/devices", "/v1/live"]) {
      const res = await fetch(`${server.url}${path}`);
      expect([path, res.status]).toEqual([path, 401]);
      await res.body?.cancel();
    }
    const page = await fetch(`${server.url}/dashboard/`, { headers: { authorization: server.read } });
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe");
    // The page has no inline script for the policy to forbid.
    expect(await page.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  // Last: it stops the server.
  it("ends open live streams when the server stops, instead of holding the shutdown to its deadline", async () => {
    const res = await fetch(`${server.url}/v1/live`, { headers: { authorization: server.read } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = (await reader.read()) as { value?: Uint8Array };
    expect(Buffer.from(first.value!).toString("utf8")).toBe(": live\n\n");
    expect(await server.stop()).toBe(0);
    // The stream ends (done, or cut) rather than staying open.
    await reader.read().then(
      (r) => expect(r.done).toBe(true),
      (error: unknown) => expect(error).toBeInstanceOf(Error),
    );
    expect(server.stderr()).not.toContain("still in flight");
  });
});
