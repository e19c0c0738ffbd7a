// Debian's Chromium for the report tests: whether it is installed (missing fails under CI=true,
// where .ci/run installs it), and a headless launch that makes no network request of its own, so
// a test can assert the page itself requested nothing.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** True when Chromium is installed; otherwise a warning naming the skipped test (or an error under CI=true). */
export function chromiumAvailable(what: string): boolean {
  const available = existsSync(CHROMIUM);
  if (!available && process.env["CI"] === "true") throw new Error(`${CHROMIUM} is missing; CI must install Debian's chromium (apt-get install -y chromium).`);
  if (!available) console.warn(`skipping ${what}: ${CHROMIUM} is not installed (apt-get install -y chromium)`);
  return available;
}

export async function launchChromium(): Promise<Browser> {
  return await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** A page opened on a report file, with the console errors and the URLs it requested, collected from before it loads. */
export interface ReportPage {
  page: Page;
  errors: string[];
  /** Requests to anything but a file: the report must work offline, so a test expects none. */
  networkRequests: () => string[];
}

/** Opens `file` (an absolute path) in a new page of `browser` at `viewport`. */
export async function openReport(browser: Browser, file: string, viewport: { width: number; height: number }): Promise<ReportPage> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`file://${file}`);
  return { page, errors, networkRequests: () => requests.filter((u) => !u.startsWith("file://")) };
}
