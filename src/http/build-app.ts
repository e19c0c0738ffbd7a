import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from "fastify";
import type { Authenticator } from "../telemetry/auth/index.js";
import { IngestService, RateLimiter, type RateLimit, type StoreWriteHealth } from "../telemetry/ingest/index.js";
import type { MessageBus, TelemetryStore } from "../telemetry/ports.js";
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from "../protocol/index.js";
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from "../telemetry/query/index.js";
import { limitAuthFailure } from "./auth-failures.js";
import { clientErrorBytes, toErrorResponse } from "./error-response.js";
import { createTelemetryMetrics, type TelemetryMetrics } from "./metrics.js";
import { registerIngestRoutes } from "./routes/ingest-routes.js";
import { registerOpsRoutes } from "./routes/ops-routes.js";
import { registerQueryRoutes } from "./routes/query-routes.js";
import type { ReadAccess } from "./routes/read-guard.js";
import { registerSessionRoute } from "./routes/session-route.js";
import { LiveFeed } from "./routes/live-feed.js";
import { registerDashboardRoutes } from "./routes/register-dashboard.js";
import { registerAlarmsRoute } from "./routes/alarms-route.js";
import type { LiveDetection } from "../telemetry/live/index.js";
import { MimicError } from "../errors/index.js";
import { SERVER_DEFAULTS } from "../telemetry/defaults.js";

/** Everything the HTTP app needs, built by the composition root (or a test). */
export interface AppDeps {
  store: TelemetryStore;
  bus: MessageBus;
  authenticator: Authenticator;
  /**
   * Who may read readings and /metrics: a ReadAuthenticator (read tokens, the session token), or
   * `open` — only when the operator said so (`mimic serve --no-read-auth`).
   */
  readAccess: ReadAccess;
  /** The store consumer's view of store writes, for /readyz (and /metrics when created here). */
  storeWrites?: StoreWriteHealth;
  /** Metrics shared with the store consumer; created when absent. */
  metrics?: TelemetryMetrics;
  limits?: Partial<IngestLimits>;
  queryLimits?: Partial<QueryLimits>;
  /** Per-device request limit; default 50/s with bursts of 100. `ratePerSecond: 0` disables it. */
  rateLimit?: RateLimit;
  /**
   * Failed authentications per client address before 401 becomes 429 AUTH_RATE_LIMITED;
   * default `SERVER_DEFAULTS.authFailureLimit`. `ratePerSecond: 0` disables it.
   */
  authFailureLimit?: RateLimit;
  /** Bus depth (messages) above which ingest answers 503. Default 10,000. */
  maxQueueDepth?: number;
  publishTimeoutMs?: number;
  /** Live fault detection (`mimic serve --detect on`): sensor health in /v1/devices, the open-alarm gauge. */
  detection?: LiveDetection;
  /** Server clock, epoch ms (tests pass a fixed one). */
  now?: () => number;
  /** Fastify logger options (pino); false for none. Tokens are never logged either way. */
  logger?: FastifyServerOptions["logger"];
  /** Serve HTTPS with this certificate and key (PEM). */
  https?: { cert: Buffer | string; key: Buffer | string };
}

/** The methods of each path, for 405 answers (HEAD goes with GET). Kept in step by a test. */
const METHODS_OF_PATH: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ...["/v1/telemetry", "/v1/telemetry/dht", "/v1/telemetry/pir", "/v1/telemetry/light", "/v1/telemetry/batch"].map((p) => [p, ["POST"]] as const),
  ...["/", "/v1/readings", "/v1/export", "/v1/series", "/v1/devices", "/v1/alarms", "/v1/live", "/v1/ops", "/healthz", "/readyz", "/metrics"].map(
    (p) => [p, ["GET", "HEAD"]] as const,
  ),
]);

const PARSED_TYPES = ["application/json", "application/x-protobuf", "application/protobuf", "application/vnd.google.protobuf", "application/octet-stream"];

/**
 * Builds the telemetry HTTP app (ingest, query, health, metrics) without listening: tests call
 * `app.inject`, `mimic serve` calls `app.listen`. Every error is the documented JSON shape with a
 * 4xx, or 503 + Retry-After when the bus or store cannot keep up — never a 500.
 *
 * @example
 * const app = buildApp({ store, bus, authenticator });
 * const res = await app.inject({ method: "GET", url: "/healthz" });
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const limits: IngestLimits = { ...DEFAULT_INGEST_LIMITS, retentionSeconds: SERVER_DEFAULTS.retentionSeconds, ...deps.limits };
  const queryLimits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...deps.queryLimits };
  const now = deps.now ?? Date.now;
  const metrics = deps.metrics ?? createTelemetryMetrics(deps.bus, deps.storeWrites, deps.detection, deps.store);
  const options: FastifyServerOptions & { https?: { cert: Buffer | string; key: Buffer | string } } = {
    logger: deps.logger ?? false,
    bodyLimit: limits.maxBatchBodyBytes,
    // Our onResponse hook logs one compact line per request instead of fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // Fastify's own answers (closing, bad URLs, HTTP parse errors) would not be mimic's envelope;
    // each is answered below with a code instead.
    return503OnClosing: false,
    frameworkErrors: (error, request, reply) => void sendError(error, request, reply),
    clientErrorHandler: (error, socket) => {
      if ((error as { code?: unknown }).code === "ECONNRESET" || socket.destroyed) return;
      const bytes = clientErrorBytes(error);
      metrics.rejected.inc({ reason: /"code":"([A-Z_]+)"/.exec(bytes)?.[1] ?? "INGEST_MALFORMED" });
      if (socket.writable) socket.end(bytes);
      socket.destroy();
    },
  };
  if (deps.https) options.https = deps.https;
  const app = Fastify(options) as unknown as FastifyInstance;
  // A client may half-close (shutdown its writing side) once the body is sent — `curl -T`, a
  // script that closes stdin. Node's default then ends the socket at once and the reading is
  // stored with no answer; with this it ends after the pending response is written.
  (app.server as { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = true;
  // Every refusal passes through sendError, so failed authentications on every path (ingest,
  // reads, /metrics, the session URL) are counted here, per client address, in bounded memory.
  const authFailures = new RateLimiter(deps.authFailureLimit ?? SERVER_DEFAULTS.authFailureLimit, SERVER_DEFAULTS.authFailureAddresses);
  function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const response = toErrorResponse(limitAuthFailure(authFailures, request.ip, now(), error));
    metrics.rejected.inc({ reason: response.body.error.code });
    if (request.device !== undefined) metrics.deviceRejections.count(request.device.deviceId, response.body.error.code);
    if (response.internal) request.log.error({ err: error, route: request.routeOptions.url }, "request failed inside mimic");
    if (response.retryAfterSeconds !== undefined) void reply.header("retry-after", String(response.retryAfterSeconds));
    return reply.code(response.status).send(response.body);
  }

  // Bodies arrive as bytes; the protocol decodes them, so its errors (not the framework's) reach clients.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(PARSED_TYPES, { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?", 1)[0]!;
    const allowed = METHODS_OF_PATH.get(path.length > 1 ? path.replace(/\/+$/, "") : path);
    if (allowed !== undefined) {
      void reply.header("allow", allowed.join(", "));
      return sendError(
        new MimicError("INGEST_METHOD_NOT_ALLOWED", `${path} takes ${allowed.join(" or ")}, not ${request.method}; see docs/telemetry.md for the paths.`),
        request,
        reply,
      );
    }
    return sendError(new MimicError("INGEST_NOT_FOUND", `No route ${request.method} ${path}; see docs/telemetry.md for the paths.`), request, reply);
  });
  // Graceful shutdown: once closing starts, every answer (the in-flight 201s included) asks the
  // client to drop its keep-alive connection, so no new request lands on a socket being closed
  // and the server can finish once the requests in flight are answered.
  let closing = false;
  app.addHook("preClose", (done) => {
    closing = true;
    done();
  });
  // Requests that arrive while the server drains (on a kept-alive connection) are refused with
  // a retryable 503 in the envelope; the requests already in flight finish.
  app.addHook("onRequest", (_request, _reply, done) => {
    done(
      closing
        ? new MimicError(
            "INGEST_UNAVAILABLE",
            "The server is shutting down; nothing was stored, retry after Retry-After (against another server if there is one).",
            { retryAfterMs: 1000 },
          )
        : undefined,
    );
  });
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (closing) void reply.header("connection", "close");
    done(null, payload);
  });
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    metrics.countRequest(route, request.method, reply.statusCode);
    if (reply.statusCode >= 400)
      request.log.info({ route, method: request.method, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, "request refused");
    else request.log.debug({ route, method: request.method, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, "request");
    done();
  });

  const live = new LiveFeed();
  const ingest = new IngestService(deps.bus, {
    onDurable: (readings) => live.publish(readings),
    maxQueueDepth: deps.maxQueueDepth ?? SERVER_DEFAULTS.maxQueueDepth,
    ...(deps.publishTimeoutMs === undefined ? {} : { publishTimeoutMs: deps.publishTimeoutMs }),
  });
  const rateLimiter = new RateLimiter(deps.rateLimit ?? SERVER_DEFAULTS.rateLimit);
  registerIngestRoutes(app, { authenticator: deps.authenticator, ingest, rateLimiter, limits, metrics, now });
  registerQueryRoutes(app, { store: deps.store, now, limits: queryLimits, readAccess: deps.readAccess });
  registerOpsRoutes(app, { store: deps.store, bus: deps.bus, metrics, readAccess: deps.readAccess, now, storeWrites: deps.storeWrites });
  registerSessionRoute(app, deps.readAccess, deps.https !== undefined);
  registerDashboardRoutes(app, {
    store: deps.store,
    now,
    limits: queryLimits,
    readAccess: deps.readAccess,
    live,
    detection: deps.detection,
    rejections: metrics.deviceRejections,
  });
  registerAlarmsRoute(app, { store: deps.store, readAccess: deps.readAccess });
  return app;
}
