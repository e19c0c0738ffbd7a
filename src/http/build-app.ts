import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { Authenticator } from "../telemetry/auth/index.js";
import { IngestService, RateLimiter, type RateLimit } from "../telemetry/ingest/index.js";
import type { MessageBus, TelemetryStore } from "../telemetry/ports.js";
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from "../telemetry/protocol/index.js";
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from "../telemetry/query/index.js";
import { toErrorResponse } from "./error-response.js";
import { createTelemetryMetrics, type TelemetryMetrics } from "./metrics.js";
import { registerIngestRoutes } from "./routes/ingest-routes.js";
import { registerOpsRoutes } from "./routes/ops-routes.js";
import { registerQueryRoutes } from "./routes/query-routes.js";
import { MimicError } from "../errors/index.js";

/** Everything the HTTP app needs, built by the composition root (or a test). */
export interface AppDeps {
  store: TelemetryStore;
  bus: MessageBus;
  authenticator: Authenticator;
  /** Metrics shared with the store consumer; created when absent. */
  metrics?: TelemetryMetrics;
  limits?: Partial<IngestLimits>;
  queryLimits?: Partial<QueryLimits>;
  /** Per-device request limit; default 50/s with bursts of 100. `ratePerSecond: 0` disables it. */
  rateLimit?: RateLimit;
  /** Bus depth (messages) above which ingest answers 503. Default 10,000. */
  maxQueueDepth?: number;
  publishTimeoutMs?: number;
  /** Server clock, epoch ms (tests pass a fixed one). */
  now?: () => number;
  /** Fastify logger options (pino); false for none. Tokens are never logged either way. */
  logger?: FastifyServerOptions["logger"];
  /** Serve HTTPS with this certificate and key (PEM). */
  https?: { cert: Buffer | string; key: Buffer | string };
}

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
  const limits: IngestLimits = { ...DEFAULT_INGEST_LIMITS, ...deps.limits };
  const queryLimits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...deps.queryLimits };
  const now = deps.now ?? Date.now;
  const metrics = deps.metrics ?? createTelemetryMetrics(deps.bus);
  const options: FastifyServerOptions & { https?: { cert: Buffer | string; key: Buffer | string } } = {
    logger: deps.logger ?? false,
    bodyLimit: limits.maxBatchBodyBytes,
    // Our onResponse hook logs one compact line per request instead of fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  };
  if (deps.https) options.https = deps.https;
  const app = Fastify(options) as unknown as FastifyInstance;

  // Bodies arrive as bytes; the protocol decodes them, so its errors (not the framework's) reach clients.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(PARSED_TYPES, { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error, request, reply) => {
    const response = toErrorResponse(error);
    metrics.rejected.inc({ reason: response.body.error.code });
    if (response.internal) request.log.error({ err: error, route: request.routeOptions.url }, "request failed inside mimic");
    if (response.retryAfterSeconds !== undefined) void reply.header("retry-after", String(response.retryAfterSeconds));
    return reply.code(response.status).send(response.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new MimicError("INGEST_NOT_FOUND", `No route ${request.method} ${request.url.split("?", 1)[0]}; see docs/telemetry.md for the paths.`);
    metrics.rejected.inc({ reason: error.code });
    return reply.code(404).send({ success: false, error: error.toJSON() });
  });
  // Graceful shutdown: once closing starts, every answer (the in-flight 201s included) asks the
  // client to drop its keep-alive connection, so no new request lands on a socket being closed
  // and the server can finish once the requests in flight are answered.
  let closing = false;
  app.addHook("preClose", (done) => {
    closing = true;
    done();
  });
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (closing) void reply.header("connection", "close");
    done(null, payload);
  });
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    metrics.countRequest(route, request.method, reply.statusCode);
    if (reply.statusCode >= 400) request.log.info({ route, method: request.method, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, "request refused");
    else request.log.debug({ route, method: request.method, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, "request");
    done();
  });

  const ingest = new IngestService(deps.bus, {
    maxQueueDepth: deps.maxQueueDepth ?? 10_000,
    ...(deps.publishTimeoutMs === undefined ? {} : { publishTimeoutMs: deps.publishTimeoutMs }),
  });
  const rateLimiter = new RateLimiter(deps.rateLimit ?? { ratePerSecond: 50, burst: 100 });
  registerIngestRoutes(app, { authenticator: deps.authenticator, ingest, rateLimiter, limits, metrics, now });
  registerQueryRoutes(app, { store: deps.store, now, limits: queryLimits });
  registerOpsRoutes(app, { store: deps.store, bus: deps.bus, metrics });
  return app;
}
