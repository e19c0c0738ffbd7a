import { loadServeConfig, startTelemetryServer } from "../server/index.js";
import { SERVER_DEFAULTS } from "../telemetry/index.js";
import { MimicError } from "../errors/index.js";
import type { Command } from "./command.js";
import { parseFlags, stringFlag } from "./internal/flags.js";

const D = SERVER_DEFAULTS;
const HELP = `Usage: mimic serve [--port ${D.port}] [--host ${D.host}] [--data-dir ${D.dataDir}]
                   [--bus nats://host:4222] [--store postgres://…] [--tls-cert f --tls-key f]

Starts telemetry ingest, the bus, the store and the query API in one process, and prints the URL.
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
  --max-queue <n>     readings waiting on the bus before ingest answers 503 (MIMIC_MAX_QUEUE, default ${D.maxQueueDepth})
  --shutdown-timeout-ms <n>  on SIGTERM/SIGINT, how long requests in flight may take before their
                      connections are closed (MIMIC_SHUTDOWN_TIMEOUT_MS, default ${D.shutdownTimeoutMs}, at most ${D.shutdownTimeoutMsLimit})
  --auth-cache-ms <n> how long registry answers are cached, i.e. how soon a revocation takes effect
                      (MIMIC_AUTH_CACHE_MS, default ${D.authCacheTtlMs}, at most ${D.authCacheTtlMsLimit})
  --log-level <l>     fatal|error|warn|info|debug|silent (MIMIC_LOG_LEVEL, default info); JSON lines on stderr
  MIMIC_TOKEN_SECRET  base64url signing secret shared by several servers (default: <data-dir>/token-secret);
                      with --store, give --data-dir (MIMIC_DATA_DIR) or MIMIC_TOKEN_SECRET explicitly,
                      the same as for \`mimic devices\`, or serve refuses to start

Endpoints: POST /v1/telemetry, /v1/telemetry/{dht,pir,light,batch}; GET /v1/readings, /healthz,
/readyz, /metrics. See docs/telemetry.md.

Examples:
  mimic serve
  mimic serve --port 9000 --data-dir /var/lib/mimic
  mimic serve --bus nats://127.0.0.1:4222 --store postgres://postgres@127.0.0.1:5432/test --data-dir /var/lib/mimic
`;

const FLAGS = ["port", "host", "data-dir", "bus", "store", "tls-cert", "tls-key", "rate-limit", "max-queue", "log-level", "auth-cache-ms", "shutdown-timeout-ms"] as const;

/** `mimic serve`: the telemetry server, until SIGTERM/SIGINT. */
export const serveCommand: Command = {
  name: "serve",
  summary: "Run telemetry ingest, bus, store and query API (prints the URL)",
  help: HELP,
  async run(argv, io) {
    const flags = parseFlags(argv, Object.fromEntries(FLAGS.map((n) => [n, { type: "string" as const }])), "serve");
    if (flags.positionals.length > 0) throw new MimicError("CLI_BAD_FLAG", `Unexpected argument "${flags.positionals[0]}"; mimic serve takes only flags.`);
    const config = loadServeConfig(Object.fromEntries(FLAGS.map((n) => [n, stringFlag(flags, n)])), io.env, io.cwd);
    const server = await startTelemetryServer(config, io.stderr);
    io.stdout.write(`mimic: serving on ${server.url} (store: ${server.storeLabel}, bus: ${server.busLabel}); Ctrl-C to stop\n`);
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
