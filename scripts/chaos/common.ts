// What every chaos scenario shares: its outcome, devices registered through the real CLI, the wait
// until the store holds what was acknowledged, and the check that no serve process died on its own.
import { mimic, startServe, type ServeProcess } from "../../test/e2e/serve-process.js";
import type { LoadResult } from "./load.js";
import { tally, type Stored, type Tally } from "./stored.js";

export interface Outcome extends Tally {
  name: string;
  requests: number;
  statuses: string;
  recoveryMs: number | undefined;
  /** Empty when the scenario met its standard; otherwise what went wrong (the scenario fails). */
  note: string;
}

/** Seconds of load before and after each fault, and how long each fault lasts. */
export interface Timing {
  phase: number;
  pgOutage: number;
  natsDown: number;
  /** How long the disk stays full. */
  diskFull: number;
}

export const DEVICES = 4;

export const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

export const statusText = (m: ReadonlyMap<string, number>) =>
  [...m]
    .sort()
    .map(([k, v]) => `${k}×${v}`)
    .join(" ");

export function registerDevices(args: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < DEVICES; i++) {
    const id = `chaos${i}`;
    const r = mimic(["devices", "add", id, "--type", "DHT22", ...args]);
    if (r.code !== 0) throw new Error(`devices add failed: ${r.stderr}`);
    out.set(id, r.stdout.trim());
  }
  return out;
}

/** Waits (up to 90 s) until every acknowledged reading is stored; returns the final tally. */
export async function settle(result: Pick<LoadResult, "acknowledged">, read: () => Promise<Stored> | Stored): Promise<Tally> {
  const end = performance.now() + 90_000;
  for (;;) {
    const t = tally(result.acknowledged, await read());
    if (t.lost === 0 || performance.now() > end) return t;
    await sleep(0.5);
  }
}

export function crashed(servers: readonly ServeProcess[]): string {
  const dead = servers.filter((s) => s.child.exitCode !== null || s.child.signalCode !== null);
  return dead.length === 0 ? "" : `serve exited on its own: ${dead.map((s) => s.stderr().slice(-400)).join(" | ")}`;
}

/** Resolves when `ok()` holds, polling every 100 ms; rejects with `what` after `limitS` seconds. */
export async function until(what: string, limitS: number, ok: () => boolean | Promise<boolean>): Promise<void> {
  const end = performance.now() + limitS * 1000;
  while (!(await ok())) {
    if (performance.now() > end) throw new Error(`${what} did not happen within ${limitS} s`);
    await sleep(0.1);
  }
}

/** Serve processes started by scenarios; `killEveryServe` ends those a failed scenario left. */
const started = new Set<ServeProcess>();

/** `startServe`, remembered so that no serve outlives its scenario. */
export async function startTrackedServe(args: readonly string[]): Promise<ServeProcess> {
  const s = await startServe(args);
  started.add(s);
  return s;
}

export async function killEveryServe(): Promise<void> {
  await Promise.all([...started].map((s) => s.stop("SIGKILL")));
  started.clear();
}
