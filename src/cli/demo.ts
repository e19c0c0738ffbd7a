import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { MimicError } from "../errors/index.js";
import { loadSecret, loadServeConfig, startTelemetryServer, type RunningServer } from "../server/index.js";
import { DEFAULT_DHT_CADENCE, Fleet, parseFaultRates, parseMix, parseSites, type FleetOptions } from "../sensors/index.js";
import { provisionFleet, runSimulation, summaryLine, type SimulationOptions } from "../simulator/index.js";
import { SERVER_DEFAULTS } from "../telemetry/index.js";
import type { Command, CliIo } from "./command.js";
import { parseCount, parseDurationMs, parseFlags, stringFlag } from "./internal/flags.js";
import { DEFAULT_SEED, parseSeed } from "./internal/seed.js";

/** What `mimic demo` plays unless told otherwise: the seed's deployment, a week back, its faults on. */
const DEMO_DEFAULTS = { devices: 3, backfill: "7d", faults: "1", site: "new-york" } as const;

const HELP = `Usage: mimic demo [--duration <dur>] [--port ${SERVER_DEFAULTS.port}] [--data-dir <dir>] [--devices ${DEMO_DEFAULTS.devices}]

Both halves of mimic in one command: starts the telemetry server on its embedded defaults (SQLite
store, in-process bus) in a temporary data dir, provisions a fleet the seed's way (one Pi per room
carrying a DHT22, a PIR and a light sensor, the seed layout of \`mimic simulate\`, provisioned) with
its faults on, backfills the last week, then keeps the fleet sending live. It prints the
dashboard's URL with a read token as soon as the server listens: open it and watch the week fill in.
Ctrl-C (or --duration) stops the fleet and the server and removes the temporary data dir, leaving
nothing running.

Options:
  --duration <dur>   stop by itself after this long, e.g. 10m (default: until Ctrl-C)
  --port <n>         TCP port, 0 for any free one (default ${SERVER_DEFAULTS.port})
  --host <addr>      interface (default ${SERVER_DEFAULTS.host})
  --data-dir <dir>   keep the store here instead of a temporary dir (kept after the demo; \`mimic
                     serve --data-dir <dir>\` serves it again, \`mimic query --data-dir <dir>\` reads it)
  --devices <n>      Pis, one per room (default ${DEMO_DEFAULTS.devices}, the seed's deployment; at most 1000)
  --backfill <dur>   history sent before going live (default ${DEMO_DEFAULTS.backfill}; 0s for none; less than
                     the server's ${SERVER_DEFAULTS.retentionSeconds / 86_400}-day retention)
  --faults <rates>   fault rates, as \`mimic simulate --faults\` (default ${DEMO_DEFAULTS.faults}; 0 = none)
  --seed <n|text>    seed of everything simulated (default ${DEFAULT_SEED})

The server takes none of the MIMIC_* environment variables: the demo never touches a configured store.

Examples:
  mimic demo
  mimic demo --duration 10m --port 0
  mimic demo --devices 20 --data-dir ./demo-data
`;

const FLAGS = ["duration", "port", "host", "data-dir", "devices", "backfill", "faults", "seed"] as const;

/** A signal that fires on the user's stop or after `durationMs`, whichever comes first. */
function stopAfter(signal: AbortSignal, durationMs: number | undefined): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  if (signal.aborted) stop();
  else signal.addEventListener("abort", stop, { once: true });
  const timer = durationMs === undefined ? undefined : setTimeout(stop, durationMs);
  return {
    signal: controller.signal,
    clear() {
      clearTimeout(timer);
      signal.removeEventListener("abort", stop);
    },
  };
}

function delivery(io: CliIo, stop: AbortSignal, label: string) {
  let lastLine = 0;
  return {
    now: () => Date.now(),
    sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
    signal: stop,
    onProgress: (t: Parameters<typeof summaryLine>[0]) => {
      if (t.elapsedMs - lastLine < 10_000) return;
      lastLine = t.elapsedMs;
      io.stderr.write(`mimic: ${label}: ${summaryLine(t)}\n`);
    },
  };
}

/** `mimic demo`: server + a seed-style fleet with a week of history, live until Ctrl-C or --duration. */
export const demoCommand: Command = {
  name: "demo",
  summary: "Serve a simulated fleet with a week of history, live, and print the dashboard URL",
  help: HELP,
  async run(argv, io) {
    const flags = parseFlags(argv, Object.fromEntries(FLAGS.map((n) => [n, { type: "string" as const }])), "demo");
    if (flags.positionals.length > 0) throw new MimicError("CLI_BAD_FLAG", `Unexpected argument "${flags.positionals[0]}"; mimic demo takes only flags.`);
    const durationText = stringFlag(flags, "duration");
    const durationMs = durationText === undefined ? undefined : parseDurationMs("--duration", durationText, 0);
    if (durationMs !== undefined && durationMs < 1000)
      throw new MimicError("CLI_BAD_FLAG", `--duration must be at least 1s, e.g. --duration 10m; got "${durationText}".`);
    const backfillMs = parseDurationMs("--backfill", stringFlag(flags, "backfill") ?? DEMO_DEFAULTS.backfill, 0);
    // The server keeps (and accepts) readings of its retention window only.
    const retentionMs = SERVER_DEFAULTS.retentionSeconds * 1000;
    if (backfillMs > retentionMs - 86_400_000)
      throw new MimicError(
        "CLI_BAD_FLAG",
        `--backfill must be shorter than the server's ${SERVER_DEFAULTS.retentionSeconds / 86_400}-day retention less a day, e.g. --backfill 30d.`,
      );
    const devices = parseCount("--devices", stringFlag(flags, "devices"), DEMO_DEFAULTS.devices, 1, 1000);
    const seed = parseSeed(stringFlag(flags, "seed"));
    const faultRates = parseFaultRates("--faults", stringFlag(flags, "faults") ?? DEMO_DEFAULTS.faults);
    const givenDir = stringFlag(flags, "data-dir");
    // Validated before anything is created: a bad --port leaves no temporary dir behind.
    const settings = { port: stringFlag(flags, "port"), host: stringFlag(flags, "host"), "log-level": "warn", "rate-limit": "0" };
    loadServeConfig({ ...settings, "data-dir": givenDir ?? tmpdir() }, {}, io.cwd);

    const dataDir = givenDir === undefined ? mkdtempSync(join(tmpdir(), "mimic-demo-")) : resolve(io.cwd, givenDir);
    // Also when the process dies of an error outside this function (a closed stdout, say): the
    // temporary dir goes with it. ('exit' runs for any end but SIGKILL.)
    const removeTemp = (): void => {
      if (givenDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    };
    process.once("exit", removeTemp);
    const stop = stopAfter(io.signal, durationMs);
    let server: RunningServer | undefined;
    try {
      const config = loadServeConfig({ ...settings, "data-dir": dataDir }, {}, io.cwd);
      server = await startTelemetryServer(config, io.stderr);
      io.stdout.write(`mimic: demo serving on ${server.url} (pid ${process.pid}; data in ${dataDir}${givenDir === undefined ? ", removed at the end" : ""})\n`);
      io.stdout.write(`mimic: open the dashboard: ${server.readUrl ?? server.url}\n`);
      const wall = Date.now();
      const start = Math.floor((wall - backfillMs) / 1000) * 1000;
      const fleet: FleetOptions = {
        seed,
        devices,
        layout: "seed",
        // The seed's layout puts one sensor of each kind on every Pi; the mix is not used.
        mix: parseMix("--mix", "dht22=1,pir=1,light=1"),
        start,
        sites: parseSites("--site", DEMO_DEFAULTS.site),
        cadence: DEFAULT_DHT_CADENCE,
        faultRates,
      };
      const manifest = new Fleet(fleet).manifest;
      const tokens = await provisionFleet(server.store, loadSecret(config), manifest, wall);
      const common: Omit<SimulationOptions, "fleet" | "format" | "mode" | "batchSize"> = {
        url: server.url,
        tokens,
        maxBuffered: 100_000,
        concurrency: 8,
        timeoutMs: 30_000,
        drainMs: 5_000,
        unreachableAfterMs: 10_000,
      };
      let liveFrom = Math.floor(wall / 1000) * 1000;
      if (backfillMs > 0 && !stop.signal.aborted) {
        io.stdout.write(`mimic: backfilling ${devices} Pis × 3 sensors, ${new Date(start).toISOString()} to now…\n`);
        const began = Date.now();
        const backfill = await runSimulation(
          // The last batches of each Pi (the latest hour) go out at the end: give them time on a busy machine.
          { ...common, fleet, format: "batch", batchSize: 2000, drainMs: 60_000, mode: { kind: "backfill", untilMs: liveFrom } },
          delivery(io, stop.signal, "backfill"),
        );
        const t = backfill.totals;
        const left = t.buffered + t.held;
        const stopped =
          (backfill.interruptedAt === undefined ? "" : ` (stopped at ${new Date(backfill.interruptedAt).toISOString()}, before the end)`) +
          (left > 0 ? ` (${left.toLocaleString("en-US")} not delivered)` : "");
        if (backfill.failure) throw backfill.failure;
        io.stdout.write(
          `mimic: backfilled ${t.acknowledged.toLocaleString("en-US")} readings (${backfill.fleet.faults.length} faults) in ${((Date.now() - began) / 1000).toFixed(1)} s${stopped}\n`,
        );
        // Live time is the clock's: the fleet goes on from now (the backfill's own seconds are skipped).
        liveFrom = Math.floor(Date.now() / 1000) * 1000;
      }
      if (!stop.signal.aborted) {
        io.stdout.write(
          `mimic: live: the fleet sends as it reads; ${durationMs === undefined ? "Ctrl-C to stop" : `the demo stops ${durationText} after it started`}\n`,
        );
        const live = await runSimulation(
          { ...common, fleet: { ...fleet, start: liveFrom }, format: "json", batchSize: 50, mode: { kind: "live", speed: 1, durationMs: undefined } },
          delivery(io, stop.signal, "live"),
        );
        if (live.failure) throw live.failure;
      }
    } finally {
      stop.clear();
      if (server !== undefined) {
        io.stderr.write("mimic: stopping the demo…\n");
        await server.close();
      }
      removeTemp();
      process.off("exit", removeTemp);
    }
    io.stderr.write(`mimic: demo stopped${givenDir === undefined ? "; its temporary data dir is removed" : `; its data stay in ${dataDir}`}\n`);
    return 0;
  },
};

export default demoCommand;
