// Shared by the dashboard's browser tests: a page opened from the URL serve printed, recording
// console errors and every URL it requested, and the checks each page must pass.
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import type { ServeProcess } from "./serve-process.js";

export interface OpenedPage {
  page: Page;
  errors: string[];
  requested: string[];
}

export const DESKTOP = { width: 1400, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A page with the session cookie (the token in the URL is swapped for it), on the dashboard. */
export async function openDashboard(browser: Browser, server: ServeProcess, viewport: { width: number; height: number }): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  const requested: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => requested.push(r.url()));
  await page.goto(`${server.url}/?token=${server.read.slice("Bearer ".length)}`);
  expect(new URL(page.url()).pathname).toBe("/dashboard/");
  return { page, errors, requested };
}

/**
 * Waits for `body[data-<name>="<value>"]`. Selectors, not functions: the page's CSP forbids the
 * eval Playwright's function polling needs.
 */
export function bodyMark(page: Page, name: string, value: number | string, timeout = 30_000): Promise<void> {
  return page.locator(`body[data-${name}="${value}"]`).waitFor({ state: "attached", timeout });
}

/** Nothing wider than the screen (the charts follow the page's width). */
export async function fitsWidth(page: Page, width: number): Promise<void> {
  // The elements past the right edge, named, so a failure says what to fix.
  const wider = await page.evaluate<string[]>(
    `[...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > ${width} + 0.5).map((e) => e.tagName + "#" + e.id + "." + e.className).slice(0, 8)`,
  );
  expect(await page.evaluate<number>("document.documentElement.scrollWidth"), wider.join(" ")).toBeLessThanOrEqual(width);
}
