// Drives a fleet against a server: live (simulated time = start + wall time × speed) or backfill
// (history up to now, as fast as the server acknowledges). The fleet decides what is read and
// when; this only decides when those readings are handed to the devices' clients, so the readings
// are the same whatever the speed.
import type { Agent } from "node:http";
import { MimicError } from "../errors/index.js";
import { addStats, createAgent, DeviceClient, emptyStats, type ClientOutcome, type WireFormat } from "../device/index.js";
import type { SimReading } from "../sensors/device.js";
import { Fleet, type FleetOptions } from "../sensors/fleet.js";
import type { RunTotals } from "./summary.js";

export interface SimulationOptions {
  fleet: FleetOptions;
  url: string;
  /** Token per device id. */
  tokens: ReadonlyMap<string, string>;
  format: WireFormat;
  mode: { kind: "live"; speed: number; durationMs: number | undefined } | { kind: "backfill"; untilMs: number };
  /** Readings per request (json and batch). */
  batchSize: number;
  /** Live mode: how long a device waits to fill a batch before sending (0: each reading at once). */
  lingerMs?: number;
  /** Bound of each device's buffer, readings. */
  maxBuffered: number;
  /** Concurrent requests to the server (shared keep-alive pool). */
  concurrency: number;
  timeoutMs: number;
  /** How long to wait at the end for buffered readings, wall ms. */
  drainMs: number;
  /** Give up when the server never answered for this long, wall ms. */
  unreachableAfterMs: number;
}

export interface SimulationDeps {
  /** Wall clock, epoch ms (injected: the models never read it). */
  now(): number;
  sleep(ms: number): Promise<void>;
  signal: AbortSignal;
  /** Called about once a second with the totals. */
  onProgress?(totals: RunTotals): void;
}

export interface SimulationResult {
  totals: RunTotals;
  fleet: Fleet;
  /** Why the run ended early, if it did (the caller maps it to an exit code). */
  failure?: MimicError;
  /** A backfill stopped by the signal before its end: the simulated time it reached, epoch ms. */
  interruptedAt?: number;
}

const TICK_MS = 100;

/** Runs a simulation to its end (or the signal) and returns what happened. */
export async function runSimulation(options: SimulationOptions, deps: SimulationDeps): Promise<SimulationResult> {
  const fleet = new Fleet(options.fleet);
  const agent: Agent = createAgent(new URL(options.url), options.concurrency);
  const started = deps.now();
  let anyAnswer = false;
  let authFailures = 0;
  let lastNetworkError = "";
  // Readings that left the buffers (acknowledged, rejected, dropped): back-pressure without
  // walking every client.
  let settled = 0;
  let handed = 0;
  const onOutcome = (o: ClientOutcome): void => {
    if (o.kind !== "retrying") settled += o.count;
    if (o.kind === "acknowledged" || (o.kind === "retrying" && o.status !== undefined) || (o.kind === "rejected" && o.status !== 401 && o.status !== 403)) anyAnswer = true;
    if (o.kind === "rejected" && (o.status === 401 || o.status === 403)) authFailures++;
    if (o.kind === "retrying" && o.status === undefined) lastNetworkError = o.message;
  };
  const backfill = options.mode.kind === "backfill";
  const clients = new Map<string, DeviceClient>();
  for (const m of fleet.manifest) {
    // The seed's layout lists a Pi once per sensor: its sensors share one client and one token.
    if (clients.has(m.id)) continue;
    const token = options.tokens.get(m.id);
    if (token === undefined) throw new MimicError("SIM_TOKENS_INVALID", `No token for simulated device ${m.id}; provision the fleet (--provision) or add it to the tokens file.`);
    clients.set(
      m.id,
      new DeviceClient({
        url: options.url,
        token,
        format: options.format,
        batchSize: options.batchSize,
        // Backfill: requests go out full (or at each slice's flush); live: as soon as read.
        lingerMs: backfill ? 3_600_000 : (options.lingerMs ?? 0),
        maxBuffered: options.maxBuffered,
        timeoutMs: options.timeoutMs,
        agent,
        onOutcome,
      }),
    );
  }
  let generated = 0;
  const held: SimReading[] = [];
  const hand = (r: SimReading): void => {
    handed++;
    clients.get(r.device)!.send({ id: r.id, device: r.device, type: r.type, kind: r.kind, timestamp: r.timestamp, data: r.data });
  };
  const totals = (): RunTotals => {
    const t = emptyStats();
    for (const c of clients.values()) addStats(t, c.stats);
    return { ...t, generated, held: held.length + waitingCount, simTime: fleet.time, elapsedMs: deps.now() - started };
  };
  const failure = (final = false): MimicError | undefined => {
    // Refused by every device tried (or, at the end, by every device that sent anything).
    if (!anyAnswer && authFailures > 0 && (final || authFailures >= Math.min(clients.size, 20))) {
      return new MimicError("SIM_AUTH_REJECTED", `The server at ${options.url} refused the devices' tokens (401/403) and accepted nothing; the tokens belong to another server or data dir, or were revoked. Provision again (--provision --data-dir …) or pass the right --tokens.`);
    }
    if (!anyAnswer && lastNetworkError !== "" && deps.now() - started > options.unreachableAfterMs) {
      return new MimicError("SIM_SERVER_UNREACHABLE", `No answer from ${options.url} for ${Math.round(options.unreachableAfterMs / 1000)} s (${lastNetworkError}); check --url and that \`mimic serve\` is running.`);
    }
    return undefined;
  };

  let lastProgress = 0;
  const progress = (): void => {
    if (deps.now() - lastProgress >= 1000) {
      lastProgress = deps.now();
      deps.onProgress?.(totals());
    }
  };
  let failed: MimicError | undefined;
  // Backfill never drops: a reading whose device's buffer is full waits here (at most one slice of
  // readings) and generation waits until the server has acknowledged enough to make room.
  const waiting = new Map<string, SimReading[]>();
  let waitingCount = 0;
  const sink = (r: SimReading): void => {
    generated++;
    if (!backfill) {
      if (r.deliverAt > r.trueTime) held.push(r);
      else hand(r);
      return;
    }
    const queue = waiting.get(r.device);
    if (queue === undefined && clients.get(r.device)!.room > 0) return hand(r);
    if (queue === undefined) waiting.set(r.device, [r]);
    else queue.push(r);
    waitingCount++;
  };
  /** Hands waiting readings to clients with room; true when none is left waiting. */
  const handWaiting = (): boolean => {
    for (const [device, queue] of waiting) {
      const client = clients.get(device)!;
      const n = Math.min(client.room, queue.length);
      for (const r of queue.splice(0, n)) hand(r);
      waitingCount -= n;
      if (queue.length === 0) waiting.delete(device);
      // A full client sends at once rather than waiting for its batch to fill.
      else void client.flush();
    }
    return waitingCount === 0;
  };

  if (options.mode.kind === "live") {
    const { speed, durationMs } = options.mode;
    const simStart = options.fleet.start;
    const simEnd = durationMs === undefined ? Number.POSITIVE_INFINITY : simStart + durationMs * speed;
    while (!deps.signal.aborted && fleet.time < simEnd) {
      const simNow = Math.min(simEnd, simStart + (deps.now() - started) * speed);
      fleet.runUntil(simNow, sink);
      // Readings held by a simulated network outage leave when it ends (in simulated time).
      if (held.length > 0) {
        const keep: SimReading[] = [];
        for (const r of held) {
          if (r.deliverAt <= simNow) hand(r);
          else keep.push(r);
        }
        held.splice(0, held.length, ...keep);
      }
      progress();
      if ((failed = failure())) break;
      await deps.sleep(TICK_MS);
    }
  } else {
    const end = options.mode.untilMs;
    // Slices sized to ~100k readings, so memory stays bounded whatever the fleet and the period.
    const perDeviceMs = 15_000;
    const sliceMs = Math.max(60_000, Math.min(6 * 3_600_000, (100_000 / Math.max(1, fleet.devices.length)) * perDeviceMs));
    const highWater = Math.max(200_000, fleet.devices.length * 2);
    while (!deps.signal.aborted && fleet.time < end) {
      fleet.runUntil(Math.min(end, fleet.time + sliceMs), sink);
      for (const c of clients.values()) void c.flush();
      progress();
      while (!deps.signal.aborted && (!handWaiting() || handed - settled > highWater)) {
        if ((failed = failure())) break;
        await deps.sleep(5);
        progress();
      }
      if (failed || (failed = failure())) break;
    }
  }

  // A backfill stopped by Ctrl-C ends at once (the requests in flight finish) and says how far it
  // got: the rest of the history was never generated, so waiting for the buffers would not make
  // the run complete.
  // (Otherwise nothing waits for room here: each slice's loop above ends only once none does.)
  const interrupted = backfill && deps.signal.aborted;
  // Drain: whatever is held or buffered gets until the drain deadline, also after Ctrl-C in live
  // mode (a second one ends the process).
  if (!failed && !interrupted) {
    for (const r of held.splice(0)) hand(r);
    const deadline = deps.now() + options.drainMs;
    const flushes = Promise.all([...clients.values()].map((c) => c.flush()));
    let done = false;
    void flushes.then(() => (done = true));
    while (!done && deps.now() < deadline) {
      if ((failed = failure())) break;
      await deps.sleep(20);
      progress();
    }
  }
  failed ??= failure(true);
  await Promise.all([...clients.values()].map((c) => c.close()));
  agent.destroy();
  const result: SimulationResult = { totals: totals(), fleet };
  if (failed) result.failure = failed;
  if (interrupted) result.interruptedAt = fleet.time;
  return result;
}
