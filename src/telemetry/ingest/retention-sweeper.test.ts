import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../adapters/store-sqlite/index.js";
import { dht } from "../adapters/test-support/readings-fixture.js";
import { RetentionSweeper } from "./retention-sweeper.js";

const root = mkdtempSync(join(tmpdir(), "mimic-retention-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const DAY = 86_400;

describe("RetentionSweeper", () => {
  it("removes what has fallen out of the window as the (injected) clock moves on", async () => {
    const store = await openSqliteStore({ path: join(root, "a", "mimic.db") });
    const t0 = 1_700_000_000;
    await store.appendReadings([dht("d", t0, 1, 1), dht("d", t0 + DAY, 2, 2), dht("d", t0 + 2 * DAY, 3, 3)]);
    let clock = (t0 + 2 * DAY) * 1000;
    const passes: number[] = [];
    const sweeper = new RetentionSweeper(store, { retentionSeconds: 2 * DAY, intervalMs: 3_600_000, now: () => clock, onPass: (r) => passes.push(r.before) });
    expect(await sweeper.sweep()).toMatchObject({ readingsDeleted: 0 });
    clock += 1000;
    expect(await sweeper.sweep()).toMatchObject({ readingsDeleted: 1 });
    clock += DAY * 1000;
    expect(await sweeper.sweep()).toMatchObject({ readingsDeleted: 1 });
    expect(await store.countReadings()).toBe(1);
    expect(passes).toEqual([t0 + 1, t0 + DAY + 1]);
    await store.close();
  });

  it("reports a failing store and keeps its schedule instead of throwing", async () => {
    const errors: unknown[] = [];
    const closed = await openSqliteStore({ path: join(root, "b", "mimic.db") });
    await closed.close();
    const sweeper = new RetentionSweeper(closed, { retentionSeconds: DAY, intervalMs: 3_600_000, now: () => 0, onError: (e) => errors.push(e) });
    sweeper.start();
    await sweeper.stop();
    expect(await sweeper.sweep()).toBeUndefined();
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(["STORE_CLOSED", "STORE_CLOSED"]);
  });
});
