import { describe, expect, it } from "vitest";
import { MimicError } from "../../errors/index.js";
import { StoreWriteHealth } from "./store-write-health.js";

const full = new MimicError("STORE_UNAVAILABLE", "the SQLite store could not commit the readings (SQLITE_FULL); retry later", {
  cause: Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" }),
  retryAfterMs: 1000,
});

describe("StoreWriteHealth", () => {
  it("logs an episode of failed writes once when it starts, with its cause, and once when it ends", () => {
    const lines: { details: Record<string, unknown>; message: string }[] = [];
    let clock = 1000;
    const health = new StoreWriteHealth({ warn: (details, message) => lines.push({ details: details as Record<string, unknown>, message }) }, () => clock);
    health.succeeded();
    expect(lines).toEqual([]);
    for (let i = 0; i < 50; i++) health.failed(full);
    expect(health.failing()).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.details).toMatchObject({ event: "store_writes_failing", code: "STORE_UNAVAILABLE", cause: "SQLITE_FULL" });
    clock += 7000;
    health.succeeded();
    health.succeeded();
    expect(health.failing()).toBe(false);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.details).toEqual({ event: "store_writes_recovered", failedForMs: 7000, failedWrites: 50 });
    health.failed(new Error("boom"));
    expect(lines).toHaveLength(3);
    expect(health.totals()).toEqual({ failures: 51, episodes: 2 });
  });
});
