import type { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { MimicError } from "../errors/index.js";
import { buildApp, createTelemetryMetrics, type ReadAccess } from "../http/index.js";
import { Authenticator, issueReadToken, ReadAuthenticator } from "../telemetry/auth/index.js";
import { RetentionSweeper, startStoreConsumer, StoreWriteHealth } from "../telemetry/ingest/index.js";
import { SERVER_DEFAULTS } from "../telemetry/defaults.js";
import type { BusSubscription, MessageBus, TelemetryStore } from "../telemetry/ports.js";
import { LiveDetection } from "../telemetry/live/index.js";
import { ensureWritableLocation } from "./data-dir.js";
import { loadSecret } from "./load-secret.js";
import { noteStartFootprint, removeStartFootprint } from "./start-footprint.js";
import { openBusFor, openStoreFor } from "./open-adapters.js";
import type { ServeConfig } from "./serve-config.js";

/** A wired telemetry server, not yet listening (tests use `app.inject`). */
export interface TelemetryRuntime {
  app: FastifyInstance;
  store: TelemetryStore;
  bus: MessageBus;
  /**
   * This process's session read token (the one `mimic serve` prints in its URL), valid until the
   * process ends and stored nowhere; undefined with `--no-read-auth`.
   */
  sessionToken: string | undefined;
  /** Live fault detection on committed readings; undefined with `--detect off`. */
  detection: LiveDetection | undefined;
  /** Applies `--retention` every hour from start; undefined when readings are kept forever. */
  retention: RetentionSweeper | undefined;
  /** Graceful stop: finish requests in flight, drain the consumer, close bus and store. */
  close(): Promise<void>;
}

/** A listening server as `mimic serve` runs it. */
export interface RunningServer extends TelemetryRuntime {
  url: string;
  /** `<url>/?token=<session token>`: one click to read (see docs/telemetry.md); undefined with `--no-read-auth`. */
  readUrl: string | undefined;
  storeLabel: string;
  busLabel: string;
}

/**
 * The composition root of the telemetry server: builds store, bus, consumer, authenticator and
 * HTTP app from validated configuration. Nothing here reads the environment.
 *
 * @example
 * const runtime = await createTelemetryRuntime(loadServeConfig({ "data-dir": dir }, {}, process.cwd()));
 * await runtime.app.inject({ method: "GET", url: "/readyz" });
 * await runtime.close();
 */
export async function createTelemetryRuntime(config: ServeConfig, logStream?: Writable, now?: () => number): Promise<TelemetryRuntime> {
  const footprint = noteStartFootprint(config);
  try {
    ensureWritableLocation(config);
    const secret = loadSecret(config);
    const store = await openStoreFor(config);
    return await assemble(config, store, secret, logStream, now);
  } catch (error) {
    removeStartFootprint(footprint);
    throw error;
  }
}

/** The store is open: bus, consumer, authenticator and app around it, or the store closed again. */
async function assemble(
  config: ServeConfig,
  store: TelemetryStore,
  secret: Uint8Array,
  logStream: Writable | undefined,
  now: (() => number) | undefined,
): Promise<TelemetryRuntime> {
  let bus: MessageBus | undefined;
  let subscription: BusSubscription | undefined;
  let detection: LiveDetection | undefined;
  try {
    bus = await openBusFor(config);
    const storeWrites = new StoreWriteHealth();
    // Alarm writes that fail are logged once the app (and its logger) exists.
    let logAlarmError = (_error: unknown): void => undefined;
    detection = config.detect
      ? await LiveDetection.start(store, { ...(now === undefined ? {} : { now }), onError: (error) => logAlarmError(error) })
      : undefined;
    const metrics = createTelemetryMetrics(bus, storeWrites, detection, store);
    const live = detection;
    subscription = await startStoreConsumer(bus, store, metrics, storeWrites, live === undefined ? undefined : (readings) => live.observe(readings));
    const authenticator = new Authenticator(store, secret, { registryTtlMs: config.authCacheTtlMs, ...(now === undefined ? {} : { now }) });
    // The session token is signed like any read token but registered nowhere: only this process
    // knows its hash, so it ends with the process.
    const session = config.readAuth ? await issueReadToken(secret, { name: "serve-session", scope: "read", now: (now ?? Date.now)() }) : undefined;
    const readAccess: ReadAccess =
      session === undefined
        ? "open"
        : new ReadAuthenticator(store, secret, {
            registryTtlMs: config.authCacheTtlMs,
            sessionTokenHash: session.record.tokenHash,
            ...(now === undefined ? {} : { now }),
          });
    const app = buildApp({
      store,
      bus,
      authenticator,
      readAccess,
      metrics,
      storeWrites,
      rateLimit: config.rateLimit,
      limits: { retentionSeconds: config.retentionSeconds },
      maxQueueDepth: config.maxQueueDepth,
      ...(detection === undefined ? {} : { detection }),
      logger: logStream === undefined || config.logLevel === "silent" ? false : { level: config.logLevel, stream: logStream },
      ...(config.tls === undefined ? {} : { https: config.tls }),
      ...(now === undefined ? {} : { now }),
    });
    const retention =
      config.retentionSeconds > 0
        ? new RetentionSweeper(store, {
            retentionSeconds: config.retentionSeconds,
            intervalMs: SERVER_DEFAULTS.retentionSweepMs,
            now: now ?? Date.now,
            onPass: (pass) => app.log.info(pass, "retention: removed readings older than the window"),
            onError: (err) => app.log.warn({ err }, "retention: pass failed; trying again at the next one"),
          })
        : undefined;
    retention?.start();
    logAlarmError = (err) => app.log.warn({ err }, "detect: an alarm could not be written to the store; it stays in memory");
    // Failing-store episodes go to the server log (the start with its cause, then the recovery).
    storeWrites.logTo(app.log);
    const openBus = bus;
    const openSubscription = subscription;
    let closing: Promise<void> | undefined;
    return {
      app,
      store,
      bus,
      sessionToken: session?.token,
      detection,
      retention,
      close: () =>
        (closing ??= (async () => {
          await retention?.stop();
          await closeHttp(app, config.shutdownTimeoutMs);
          // Readings already acknowledged (on the bus) still reach the store before it closes.
          await openSubscription.stop();
          await live?.stop();
          await openBus.close();
          await store.close();
        })()),
    };
  } catch (error) {
    await subscription?.stop();
    await detection?.stop();
    await bus?.close();
    await store.close();
    throw error;
  }
}

/**
 * Stops the HTTP app: no new connections, the requests in flight get `deadlineMs` to finish; after
 * it, the connections left (a client stalled mid-body, say) are closed so the shutdown cannot hang.
 */
async function closeHttp(app: FastifyInstance, deadlineMs: number): Promise<void> {
  const closed = app.close();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"deadline">((resolve) => (timer = setTimeout(() => resolve("deadline"), deadlineMs)));
  try {
    if ((await Promise.race([closed.then(() => "closed" as const), deadline])) === "deadline") {
      app.log.warn({ deadlineMs }, "shutdown: requests still in flight after the drain deadline; closing their connections");
      app.server.closeAllConnections();
      await closed;
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Starts `mimic serve`: the runtime, listening on the configured host and port. */
export async function startTelemetryServer(config: ServeConfig, logStream?: Writable): Promise<RunningServer> {
  const footprint = noteStartFootprint(config);
  const runtime = await createTelemetryRuntime(config, logStream);
  try {
    await runtime.app.listen({ host: config.host, port: config.port });
  } catch (cause) {
    await runtime.close();
    removeStartFootprint(footprint);
    const code = (cause as { code?: unknown }).code;
    throw new MimicError(
      "CONFIG_INVALID",
      code === "EADDRINUSE"
        ? `Port ${config.port} on ${config.host} is already in use; choose another with --port (or 0 for any free port).`
        : `Cannot listen on ${config.host}:${config.port} (${typeof code === "string" ? code : "error"}); check --host and --port.`,
      { cause },
    );
  }
  const address = runtime.app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  return {
    ...runtime,
    url: `${config.tls ? "https" : "http"}://${host}:${port}`,
    readUrl: runtime.sessionToken === undefined ? undefined : `${config.tls ? "https" : "http"}://${host}:${port}/?token=${runtime.sessionToken}`,
    storeLabel: config.store.kind === "sqlite" ? `sqlite ${config.store.path}` : `postgres ${redactUrl(config.store.url)}`,
    busLabel: config.bus.kind === "embedded" ? "embedded" : `nats ${redactUrl(config.bus.url)}`,
  };
}

/** A URL without its password, fit for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "***";
    return u.toString();
  } catch {
    return "(invalid url)";
  }
}
