import { chmodSync, closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { MimicError } from "../errors/index.js";
import type { WireFormat } from "../device/index.js";
import { DEFAULT_DHT_CADENCE, Fleet, MAX_DEVICES, parseFaultRates, parseMix, parseSites, parseStart, type FleetOptions } from "../sensors/index.js";
import { finalReport, runSimulation, summaryLine, type SimulationOptions } from "../simulator/index.js";
import { DEFAULT_INGEST_LIMITS } from "../protocol/index.js";
import { SERVER_DEFAULTS } from "../telemetry/index.js";
import type { Command } from "./command.js";
import { parseChoice, parseCount, parseDurationMs, parseFlags, stringFlag } from "./internal/flags.js";
import { provisionTokens } from "./internal/simulate-provision.js";
import { backfillShare } from "./internal/progress.js";
import { DEFAULT_SEED, parseSeed } from "./internal/seed.js";

const HELP = `Usage: mimic simulate --url <server> [options]

Plays a fleet of simulated DHT22 (temperature/humidity), PIR (motion) and light sensors in rooms
with their own climate, occupancy and daylight, with labelled faults, against a server speaking
the seed's protocol (mimic serve). Live mode runs in (accelerated) simulated time; --backfill sends
history as fast as the server acknowledges. The same --seed gives the same readings at any --speed.

Fleet:
  --devices <n>        number of devices (default 12, at most 1,000,000 sensors)
  --layout <l>         sensor (default): one sensor per device id, kinds split by --mix;
                       seed: the seed's deployment, one Pi per room carrying a DHT22, a PIR and a
                       light sensor under one id and one token (--devices counts Pis)
  --mix <shares>       sensor kinds, e.g. dht22=2,pir=1,light=1 (default; --layout sensor only)
  --seed <n|text>      seed of everything simulated (default ${DEFAULT_SEED}, as mimic generate iot)
  --start <date>       first simulated instant (default: now; with --speed > 1 and --duration, the
                       period ends now so no timestamp lies in the future)
  --site <names>       new-york (default), london, seattle, phoenix, sydney, berlin, or lat,lon[,utcOffset]
  --interval <dur>     DHT22 read interval (default 15s, at least 2s: the sensor's minimum)
  --jitter <kind>      low (default: interval + up to 1 s), seed (22–32 s, as the seed really did), none
  --faults <rates>     multiplier of the default fault rates (default 1, 0 = none) or per kind per
                       device-day: stuck, spike, drift, dropout, clock_drift, clock_jump, network_outage
  --faults-out <file>  write every injected fault as JSON lines {device, kind, start, end, detail}

Time:
  --speed <x>          simulated seconds per wall second (default 1; 60 = an hour a minute); above 1
                       it needs --duration, else simulated time would run past the server's
                       one-day-ahead limit
  --duration <dur>     wall time to run, e.g. 10m (default: until Ctrl-C, only with --speed 1 or less)
  --backfill <dur>     instead of live: send the last <dur> of history (e.g. 7d), batched, then stop;
                       generation waits for the server's acknowledgements, so nothing is dropped

Server:
  --url <url>          server base URL (required), e.g. http://localhost:8080
  --format <f>         json (default live), protobuf (the seed's messages), batch (default backfill)
  --tokens <file>      JSON object of device id → token; written (mode 0600) when --provision is given
  --provision          register the devices and issue tokens in the server's registry first
  --data-dir <dir>     the registry of --provision: mimic serve's data dir (default ./mimic-data)
  --store <url>        or its PostgreSQL store (postgres://…)
  --batch-size <n>     readings per request for json/batch (default 500 backfill, 50 live; ≤ 5,000)
  --linger <dur>       live: let each device collect readings this long per request (default 0s;
                       with --format batch or json, e.g. --linger 1m sends 4 DHT22 readings a request)
  --buffer <n>         each device's offline buffer, readings (default 10,000); live: when full, new
                       readings are dropped and counted (exit 6)
  --concurrency <n>    requests in flight at once (default 32)
  --timeout <dur>      per request (default 10s)
  --drain <dur>        at the end, wait this long for buffered readings (default 30s)
  --give-up <dur>      stop when the server has never answered for this long (default 10s)
  --json               print the final report as JSON on stdout

Exit codes: 0 every reading delivered; 2 bad options; 3 server unreachable; 4 tokens refused;
5 readings rejected (the report lists status and error codes); 6 readings dropped (live: a device's
--buffer was full) or left undelivered, or a backfill interrupted by Ctrl-C.

Examples:
  mimic simulate --devices 12 --url http://localhost:8080 --provision --data-dir ./mimic-data
  mimic simulate --layout seed --devices 3 --url http://localhost:8080 --provision --data-dir ./mimic-data
  mimic simulate --devices 50 --url http://localhost:8080 --tokens tokens.json --speed 60 --duration 10m
  mimic simulate --devices 100 --url http://localhost:8080 --tokens tokens.json --backfill 7d --format batch
`;

const STRING_FLAGS = [
  "devices",
  "layout",
  "mix",
  "seed",
  "start",
  "site",
  "interval",
  "jitter",
  "faults",
  "faults-out",
  "speed",
  "duration",
  "backfill",
  "url",
  "format",
  "tokens",
  "data-dir",
  "store",
  "batch-size",
  "linger",
  "buffer",
  "concurrency",
  "timeout",
  "drain",
  "give-up",
] as const;

function readTokens(path: string): Map<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new MimicError(
      "SIM_TOKENS_INVALID",
      `Cannot read the tokens file ${path} as JSON; it must be an object of device id → token (written by --provision --tokens ${path}).`,
      { cause },
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.values(value).every((t) => typeof t === "string")) {
    throw new MimicError("SIM_TOKENS_INVALID", `The tokens file ${path} must be a JSON object of device id → token string.`);
  }
  return new Map(Object.entries(value as Record<string, string>));
}

/** Refuses a --url the clients could not send to, naming the flag (not a fault deep in the run). */
function checkServerUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MimicError("CLI_BAD_FLAG", `--url must be the server's http(s) base URL, e.g. --url http://localhost:8080; got "${url}".`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new MimicError("CLI_BAD_FLAG", `--url must start with http:// or https://, e.g. --url http://localhost:8080; got ${parsed.protocol}//….`);
  if (parsed.username !== "" || parsed.password !== "" || parsed.search !== "")
    throw new MimicError("CLI_BAD_FLAG", "--url must not carry credentials or a query string: the devices' tokens come from --tokens or --provision.");
}

/** How far ahead of its clock the server accepts timestamps (DEFAULT_INGEST_LIMITS.maxFutureSkewSeconds). */
const SERVER_FUTURE_LIMIT_MS = DEFAULT_INGEST_LIMITS.maxFutureSkewSeconds * 1000;

function wallText(ms: number): string {
  const minutes = ms / 60_000;
  return minutes < 120 ? `${Math.max(1, Math.floor(minutes))} min` : `${(minutes / 60).toFixed(1)} h`;
}

/**
 * A live run's simulated time moves `speed` times as fast as the clock, so above 1× it drifts
 * ahead of it; past a day ahead the server refuses every reading. Such a run needs an end:
 * refused (CLI_BAD_FLAG, before anything is sent) when it has none or ends too far ahead.
 */
function checkLiveStaysBehindClock(speed: number, durationMs: number | undefined, start: number, startGiven: boolean, wall: number): void {
  if (speed <= 1) return;
  if (durationMs === undefined) {
    const aheadAfter = Math.max(0, (SERVER_FUTURE_LIMIT_MS - (start - wall)) / (speed - 1));
    throw new MimicError(
      "CLI_BAD_FLAG",
      `--speed ${speed} without --duration would run simulated time ahead of the clock forever: after about ${wallText(aheadAfter)} its timestamps would be more than a day in the future and the server would refuse every reading. ` +
        `Give --duration (e.g. --duration 10m; the run then covers the ${wallText(10 * 60_000 * speed)} of simulated time ending now), use --speed 1 for a run until Ctrl-C, or --backfill for history.`,
    );
  }
  const end = start + durationMs * speed;
  if (startGiven && end > wall + SERVER_FUTURE_LIMIT_MS) {
    throw new MimicError(
      "CLI_BAD_FLAG",
      `--start ${new Date(start).toISOString()} with --speed ${speed} and --duration ${wallText(durationMs)} would reach ${new Date(end).toISOString()}, more than a day past now; the server refuses such timestamps. ` +
        "Move --start earlier, shorten --duration or lower --speed — or leave --start out: the run then ends now.",
    );
  }
}

/** A duration flag within [min, max] ms, refused with the flag's name and an example. */
function durationWithin(flag: string, raw: string | undefined, fallback: number, min: number, max: number, example: string): number {
  const ms = parseDurationMs(flag, raw, fallback);
  if (ms < min || ms > max)
    throw new MimicError(
      "CLI_BAD_FLAG",
      `${flag} must be from ${min === 0 ? "0s" : `${min}ms`} to ${max / 1000}s, e.g. ${flag} ${example}; got "${raw ?? ""}".`,
    );
  return ms;
}

/** Opens (creating or truncating) a file the run writes at its end; IO_UNWRITABLE now if it cannot be. */
function openForWriting(flag: string, path: string): number {
  try {
    return openSync(path, "w");
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    throw new MimicError(
      "IO_UNWRITABLE",
      `Cannot write ${flag} ${path} (${typeof code === "string" ? code : "error"}); check that the folder exists and is writable, or choose another path.`,
      { cause },
    );
  }
}

/** `mimic simulate`: a fleet of simulated sensors against a server. */
export const simulateCommand: Command = {
  name: "simulate",
  summary: "Play a fleet of simulated sensors (live or backfill) against a telemetry server",
  help: HELP,
  async run(argv, io) {
    const flagSpec: Record<string, { type: "string" | "boolean" }> = { provision: { type: "boolean" }, json: { type: "boolean" } };
    for (const f of STRING_FLAGS) flagSpec[f] = { type: "string" };
    const flags = parseFlags(argv, flagSpec, "simulate");
    if (flags.positionals.length > 0)
      throw new MimicError("CLI_BAD_FLAG", `Unexpected argument "${flags.positionals[0]}"; mimic simulate takes only flags (see --help).`);
    const url = stringFlag(flags, "url");
    if (url === undefined)
      throw new MimicError(
        "CLI_MISSING_ARGUMENT",
        "mimic simulate needs --url, the server to send to, e.g. --url http://localhost:8080 (start one with `mimic serve`).",
      );
    checkServerUrl(url);
    const wall = Date.now();
    const backfillMs = stringFlag(flags, "backfill") === undefined ? undefined : parseDurationMs("--backfill", stringFlag(flags, "backfill"), 0);
    if (backfillMs !== undefined && (backfillMs < 1000 || backfillMs > 3660 * 86_400_000))
      throw new MimicError("CLI_BAD_FLAG", "--backfill must be from 1s to 3660d, e.g. --backfill 7d.");
    const speedText = stringFlag(flags, "speed") ?? "1";
    const speed = Number(speedText);
    if (!Number.isFinite(speed) || speed <= 0 || speed > 100_000)
      throw new MimicError("CLI_BAD_FLAG", `--speed must be a number above 0 and at most 100000, got "${speedText}".`);
    const durationMs = stringFlag(flags, "duration") === undefined ? undefined : parseDurationMs("--duration", stringFlag(flags, "duration"), 0);
    const format = parseChoice<WireFormat>("--format", stringFlag(flags, "format"), ["json", "protobuf", "batch"], backfillMs === undefined ? "json" : "batch");
    const seed = parseSeed(stringFlag(flags, "seed"));
    const startText = stringFlag(flags, "start");
    const start =
      startText !== undefined
        ? parseStart("--start", startText)
        : backfillMs !== undefined
          ? Math.floor((wall - backfillMs) / 1000) * 1000
          : speed > 1 && durationMs !== undefined
            ? Math.floor((wall - durationMs * speed) / 1000) * 1000
            : Math.floor(wall / 1000) * 1000;
    if (backfillMs === undefined) checkLiveStaysBehindClock(speed, durationMs, start, startText !== undefined, wall);
    const jitter = parseChoice("--jitter", stringFlag(flags, "jitter"), ["low", "seed", "none"], "low");
    const layout = parseChoice("--layout", stringFlag(flags, "layout"), ["sensor", "seed"], "sensor");
    if (layout === "seed" && stringFlag(flags, "mix") !== undefined)
      throw new MimicError(
        "CLI_BAD_FLAG",
        "--mix splits sensors over device ids; with --layout seed every device carries one sensor of each kind, so leave --mix out.",
      );
    const fleetOptions: FleetOptions = {
      seed,
      devices: parseCount("--devices", stringFlag(flags, "devices"), 12, 1, layout === "seed" ? MAX_DEVICES / 3 : MAX_DEVICES),
      layout,
      mix: parseMix("--mix", stringFlag(flags, "mix") ?? "dht22=2,pir=1,light=1"),
      start,
      sites: parseSites("--site", stringFlag(flags, "site") ?? "new-york"),
      cadence: { ...DEFAULT_DHT_CADENCE, intervalMs: parseDurationMs("--interval", stringFlag(flags, "interval"), 15_000), jitter },
      faultRates: parseFaultRates("--faults", stringFlag(flags, "faults") ?? "1"),
    };
    // Builds the fleet once up front: validates every option and names the devices to provision.
    const manifest = new Fleet(fleetOptions).manifest;
    const deviceCount = new Set(manifest.map((m) => m.id)).size;
    const deliveryOptions = {
      batchSize: parseCount("--batch-size", stringFlag(flags, "batch-size"), backfillMs !== undefined ? 500 : 50, 1, 5000),
      lingerMs: durationWithin("--linger", stringFlag(flags, "linger"), 0, 0, 3_600_000, "1m"),
      maxBuffered: parseCount("--buffer", stringFlag(flags, "buffer"), 10_000, 1, 10_000_000),
      concurrency: parseCount("--concurrency", stringFlag(flags, "concurrency"), 32, 1, 1024),
      timeoutMs: durationWithin("--timeout", stringFlag(flags, "timeout"), 10_000, 1, 600_000, "10s"),
      drainMs: parseDurationMs("--drain", stringFlag(flags, "drain"), 30_000),
      unreachableAfterMs: parseDurationMs("--give-up", stringFlag(flags, "give-up"), 10_000),
    };
    // The faults file is opened before the run, so a bad path fails now rather than after it.
    const faultsOut = stringFlag(flags, "faults-out");
    const faultsFd = faultsOut === undefined ? undefined : openForWriting("--faults-out", resolve(io.cwd, faultsOut));
    try {
      const tokensPath = stringFlag(flags, "tokens") === undefined ? undefined : resolve(io.cwd, stringFlag(flags, "tokens")!);
      let tokens: Map<string, string>;
      if (flags.values["provision"] === true) {
        tokens = await provisionTokens(manifest, { "data-dir": stringFlag(flags, "data-dir"), store: stringFlag(flags, "store") }, io);
        if (tokensPath !== undefined) {
          writeFileSync(tokensPath, JSON.stringify(Object.fromEntries(tokens), null, 2) + "\n", { mode: 0o600 });
          chmodSync(tokensPath, 0o600);
        }
        io.stderr.write(`mimic: provisioned ${tokens.size} devices${tokensPath ? ` (tokens in ${tokensPath})` : ""}.\n`);
      } else if (tokensPath !== undefined) tokens = readTokens(tokensPath);
      else
        throw new MimicError(
          "SIM_TOKENS_INVALID",
          "Each device needs a token: pass --provision (with the server's --data-dir or --store) or --tokens tokens.json from an earlier --provision.",
        );

      const options: SimulationOptions = {
        fleet: fleetOptions,
        url,
        tokens,
        format,
        mode: backfillMs !== undefined ? { kind: "backfill", untilMs: start + backfillMs } : { kind: "live", speed, durationMs },
        ...deliveryOptions,
      };
      const live = io.stderr.isTTY === true;
      let lastLine = 0;
      const result = await runSimulation(options, {
        now: () => Date.now(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        signal: io.signal,
        onProgress: (t) => {
          if (live) io.stderr.write(`\r\x1b[2K${summaryLine(t)}${backfillMs !== undefined ? backfillShare(t.simTime - start, backfillMs, t.elapsedMs) : ""}`);
          else if (t.elapsedMs - lastLine >= 10_000) {
            lastLine = t.elapsedMs;
            io.stderr.write(summaryLine(t) + "\n");
          }
        },
      });
      if (live) io.stderr.write("\r\x1b[2K");
      if (faultsFd !== undefined) {
        const iso = (ms: number): string => new Date(Math.round(ms)).toISOString();
        writeFileSync(
          faultsFd,
          result.fleet.faults.map((f) => JSON.stringify({ ...f, start: iso(f.start), end: iso(f.end) })).join("\n") + (result.fleet.faults.length ? "\n" : ""),
        );
      }
      const t = result.totals;
      const mode = backfillMs !== undefined ? `backfill of ${stringFlag(flags, "backfill")}` : `live at ${speed}×`;
      const interruptedAt = result.interruptedAt === undefined ? undefined : new Date(result.interruptedAt).toISOString();
      if (flags.values["json"] === true)
        io.stdout.write(
          JSON.stringify({
            ...t,
            faults: result.fleet.faults.length,
            mode,
            format,
            devices: deviceCount,
            sensors: manifest.length,
            seed,
            ...(interruptedAt ? { interruptedAt } : {}),
          }) + "\n",
        );
      else {
        io.stdout.write(
          finalReport(
            t,
            result.fleet.faults,
            `mimic simulate: ${deviceCount} devices${deviceCount === manifest.length ? "" : ` (${manifest.length} sensors)`}, ${mode}, ${format} → ${url} (seed ${String(seed)})`,
          ),
        );
        if (interruptedAt) io.stdout.write(`  interrupted  at ${interruptedAt}: the history after it was not sent\n`);
      }
      if (result.failure) throw result.failure;
      const rejected = Object.values(t.rejected).reduce((a, b) => a + b, 0);
      if (rejected > 0)
        throw new MimicError(
          "SIM_READINGS_REJECTED",
          `The server rejected ${rejected.toLocaleString("en-US")} readings (see "rejected" above for status and error codes).` +
            (Object.keys(t.rejected).some((k) => k.includes("(too_old)"))
              ? ` Some were older than the server keeps readings (too_old): backfill less than its retention, or serve with a longer --retention (default ${SERVER_DEFAULTS.retentionSeconds / 86_400}d).`
              : ""),
        );
      const n = (x: number): string => x.toLocaleString("en-US");
      if (interruptedAt !== undefined && backfillMs !== undefined) {
        throw new MimicError(
          "SIM_UNDELIVERED",
          `The backfill was interrupted at ${interruptedAt} (simulated time) with ${n(t.buffered + t.held)} readings not yet delivered and the rest of the period not sent. ` +
            `Run it again with --start ${new Date(start).toISOString()} --backfill ${stringFlag(flags, "backfill")} and the same --seed and fleet options to complete it (readings already stored are de-duplicated).`,
        );
      }
      const problems: string[] = [];
      if (t.dropped > 0)
        problems.push(
          `${n(t.dropped)} readings were dropped because a device's buffer was full (raise --buffer, or send less: the server acknowledged too slowly)`,
        );
      if (t.buffered + t.held > 0)
        problems.push(
          `${n(t.buffered + t.held)} readings were still buffered when the run ended (the server was unreachable or too slow; raise --drain or check the server)`,
        );
      if (problems.length > 0) throw new MimicError("SIM_UNDELIVERED", `Not every reading was delivered: ${problems.join("; ")}.`);
      return 0;
    } finally {
      if (faultsFd !== undefined) closeSync(faultsFd);
    }
  },
};

export default simulateCommand;
