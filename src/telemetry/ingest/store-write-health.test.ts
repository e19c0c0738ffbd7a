import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MimicError } from "../../errors/index.js";
import { StoreWriteHealth } from "./store-write-health.js";

const full = new MimicError("STORE_UNAVAILABLE", "the SQLite store could not commit the readings (SQLITE_FULL); retry later", {
  cause: Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" }),
  retryAfterMs: 1000,
});

describe("StoreWriteHealth", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());
  const QUIET = 5000;
  const setup = () => {
    const lines: { details: Record<string, unknown>; message: string }[] = [];
    const health = new StoreWriteHealth({ warn: (details, message) => lines.push({ details: details as Record<string, unknown>, message }) }, Date.now, QUIET);
    return { lines, health };
  };

  it("logs an episode of failed writes once when it starts, with its cause, and once when writes have succeeded for the quiet period", () => {
    const { lines, health } = setup();
    const start = Date.now();
    health.succeeded();
    expect(lines).toEqual([]);
    for (let i = 0; i < 50; i++) health.failed(full);
    expect(health.failing()).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.details).toMatchObject({ event: "store_writes_failing", code: "STORE_UNAVAILABLE", cause: "SQLITE_FULL" });
    vi.advanceTimersByTime(7000);
    health.succeeded();
    health.succeeded();
    expect(health.failing()).toBe(false); // /readyz follows at once
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(QUIET);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.details).toEqual({ event: "store_writes_recovered", failedForMs: Date.now() - QUIET - start, failedWrites: 50 });
    health.failed(new Error("boom"));
    expect(lines).toHaveLength(3);
    expect(health.totals()).toEqual({ failures: 51, episodes: 2 });
  });

  it("keeps one episode while writes fail and succeed by turns (a nearly full disk), ending it after the quiet period", () => {
    const { lines, health } = setup();
    for (let turn = 0; turn < 6; turn++) {
      health.failed(full);
      expect(health.failing()).toBe(true);
      vi.advanceTimersByTime(500);
      health.succeeded();
      expect(health.failing()).toBe(false);
      vi.advanceTimersByTime(QUIET - 1);
    }
    expect(lines.map((l) => l.details["event"])).toEqual(["store_writes_failing"]);
    vi.advanceTimersByTime(1);
    expect(lines.map((l) => l.details["event"])).toEqual(["store_writes_failing", "store_writes_recovered"]);
    expect(lines[1]!.details).toMatchObject({ failedWrites: 6 });
    expect(health.totals()).toEqual({ failures: 6, episodes: 1 });
  });
});
