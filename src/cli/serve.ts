import { loadServeConfig, startTelemetryServer, type ServeConfig } from "../server/index.js";
import { SERVER_DEFAULTS } from "../telemetry/index.js";
import { MimicError } from "../errors/index.js";
import type { Command } from "./command.js";
import { parseFlags, stringFlag } from "./internal/flags.js";

const D = SERVER_DEFAULTS;
const HELP = `Usage: mimic serve [--port ${D.port}] [--host ${D.host}] [--data-dir ${D.dataDir}]
                   [--bus nats://host:4222] [--store postgres://…] [--tls-cert f --tls-key f]
                   [--no-read-auth] [--retention ${D.retentionSeconds / 86_400}d] [--detect on|off]

Starts telemetry ingest, the bus, the store and the query API in one process, and prints the URL,
then a second URL carrying this server's session read token (as Jupyter does): open it to read,
or send the token as "Authorization: Bearer <token>" to /v1/readings and /metrics. It works until
the server stops; for lasting access issue a read token with \`mimic tokens add --read\`.
Defaults are embedded: an in-process bus and a SQLite store under --data-dir. Each reading is
durable (committed, or acknowledged by JetStream) before its 201. SIGTERM/SIGINT finish the
requests in flight (for at most --shutdown-timeout-ms, then close their connections), write what
was acknowledged to the store, then stop.

Options (each also from the environment variable shown):
  --port <n>          TCP port, 0 for any free one (MIMIC_PORT, default ${D.port})
  --host <addr>       interface (MIMIC_HOST, default ${D.host}; 0.0.0.0 for every interface)
  --data-dir <dir>    data directory: token secret, SQLite store (MIMIC_DATA_DIR, default ${D.dataDir})
  --bus <url>         nats://host:4222 for NATS JetStream (MIMIC_BUS, default embedded)
  --store <url>       postgres://user@host:5432/db for PostgreSQL (MIMIC_STORE, default SQLite)
  --tls-cert <file>   PEM certificate, with --tls-key: serve HTTPS (MIMIC_TLS_CERT, MIMIC_TLS_KEY)
  --rate-limit <r>    requests/s per device, optionally ",burst" (MIMIC_RATE_LIMIT, default ${D.rateLimit.ratePerSecond},${D.rateLimit.burst}; 0 = off)
  --retention <d>     how long readings are kept (MIMIC_RETENTION, default ${D.retentionSeconds / 86_400}d; at least 1d, or 0 / off
                      for ever): older ones are deleted (SQLite) or their day partitions dropped
                      (PostgreSQL) every hour, and ingest refuses readings older than that
  --detect on|off     live fault detection on committed readings: alarms (GET /v1/alarms, \`mimic
                      alarms\`) and sensor health in GET /v1/devices (MIMIC_DETECT, default ${D.detect ? "on" : "off"});
                      docs/detect.md. With NATS and several servers, see "Several consumers" there
  --max-queue <n>     readings waiting on the bus before ingest answers 503 (MIMIC_MAX_QUEUE, default ${D.maxQueueDepth})
  --shutdown-timeout-ms <n>  on SIGTERM/SIGINT, how long requests in flight may take before their
                      connections are closed (MIMIC_SHUTDOWN_TIMEOUT_MS, default ${D.shutdownTimeoutMs}, at most ${D.shutdownTimeoutMsLimit})
  --auth-cache-ms <n> how long registry answers are cached, i.e. how soon a revocation takes effect
                      (MIMIC_AUTH_CACHE_MS, default ${D.authCacheTtlMs}, at most ${D.authCacheTtlMsLimit})
  --log-level <l>     fatal|error|warn|info|debug|silent (MIMIC_LOG_LEVEL, default info); JSON lines on stderr
  --no-read-auth      let anyone who reaches the port read readings and /metrics, for a trusted
  --read-auth off     network only (MIMIC_READ_AUTH=off; default on: a read token is needed)
  MIMIC_TOKEN_SECRET  base64url signing secret shared by several servers (default: <data-dir>/token-secret);
                      with --store, give --data-dir (MIMIC_DATA_DIR) or MIMIC_TOKEN_SECRET explicitly,
                      the same as for \`mimic devices\`, or serve refuses to start

Endpoints: POST /v1/telemetry, /v1/telemetry/{dht,pir,light,batch} (device tokens); GET
/v1/readings, /v1/export (any range, streamed), /v1/devices, /v1/alarms and /metrics (read tokens),
/healthz, /readyz. See docs/telemetry.md.

Examples:
  mimic serve
  mimic serve --port 9000 --data-dir /var/lib/mimic
  mimic serve --retention 30d
  mimic serve --bus nats://127.0.0.1:4222 --store postgres://postgres@127.0.0.1:5432/test --data-dir /var/lib/mimic
`;

const FLAGS = [
  "port",
  "host",
  "data-dir",
  "bus",
  "store",
  "tls-cert",
  "tls-key",
  "rate-limit",
  "max-queue",
  "log-level",
  "auth-cache-ms",
  "shutdown-timeout-ms",
  "read-auth",
  "retention",
  "detect",
] as const;

/** True for an address only this machine can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === "::ffff:127.0.0.1";
}

/** What an operator should hear before trusting this configuration. */
export function startupWarnings(config: Pick<ServeConfig, "host" | "tls" | "readAuth">): string[] {
  const warnings: string[] = [];
  if (!config.readAuth)
    warnings.push(
      "--no-read-auth: anyone who can reach this port reads every device's readings and /metrics without a token; use it only on a trusted network.",
    );
  if (!isLoopback(config.host) && config.tls === undefined) {
    warnings.push(
      `listening on ${config.host} without TLS: tokens and readings cross the network in clear; give --tls-cert/--tls-key, or put a TLS proxy in front and bind to 127.0.0.1.`,
    );
  }
  return warnings;
}

/** `mimic serve`: the telemetry server, until SIGTERM/SIGINT. */
export const serveCommand: Command = {
  name: "serve",
  summary: "Run telemetry ingest, bus, store and query API (prints the URL)",
  help: HELP,
  async run(argv, io) {
    const flags = parseFlags(
      argv,
      { ...Object.fromEntries(FLAGS.map((n) => [n, { type: "string" as const }])), "no-read-auth": { type: "boolean" as const } },
      "serve",
    );
    if (flags.positionals.length > 0) throw new MimicError("CLI_BAD_FLAG", `Unexpected argument "${flags.positionals[0]}"; mimic serve takes only flags.`);
    const settings: Record<string, string | undefined> = Object.fromEntries(FLAGS.map((n) => [n, stringFlag(flags, n)]));
    if (flags.values["no-read-auth"] === true) {
      if (settings["read-auth"] !== undefined) throw new MimicError("CLI_BAD_FLAG", "Give --no-read-auth or --read-auth, not both.");
      settings["read-auth"] = "off";
    }
    const config = loadServeConfig(settings, io.env, io.cwd);
    const server = await startTelemetryServer(config, io.stderr);
    for (const warning of startupWarnings(config)) io.stderr.write(`mimic: warning: ${warning}\n`);
    io.stdout.write(
      `mimic: serving on ${server.url} (pid ${process.pid}; store: ${server.storeLabel}, bus: ${server.busLabel}); Ctrl-C or kill <pid> to stop\n`,
    );
    if (server.readUrl !== undefined) {
      io.stdout.write(
        `mimic: to read, open ${server.readUrl}\n       (or send that token as "Authorization: Bearer <token>"; it works until this server stops)\n`,
      );
    }
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    io.stderr.write(`mimic: stopping: finishing requests in flight (at most ${config.shutdownTimeoutMs / 1000} s)…\n`);
    await server.close();
    io.stderr.write("mimic: stopped\n");
    return 0;
  },
};

export default serveCommand;
