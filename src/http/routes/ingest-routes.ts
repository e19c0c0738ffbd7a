import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { MimicError } from "../../errors/index.js";
import type { AuthContext, Authenticator } from "../../telemetry/auth/index.js";
import type { IngestService, RateLimiter } from "../../telemetry/ingest/index.js";
import { decodeReadings, type BodyEncoding, type IngestLimits, type IngestTarget } from "../../protocol/index.js";
import type { TelemetryMetrics } from "../metrics.js";
import { authorizationOf } from "./authorization-of.js";

declare module "fastify" {
  interface FastifyRequest {
    device?: AuthContext;
  }
}

export interface IngestRouteDeps {
  authenticator: Authenticator;
  ingest: IngestService;
  rateLimiter: RateLimiter;
  limits: IngestLimits;
  metrics: TelemetryMetrics;
  now: () => number;
}

const PROTOBUF_TYPES = new Set(["application/x-protobuf", "application/protobuf", "application/vnd.google.protobuf", "application/octet-stream"]);

function encodingOf(request: FastifyRequest): BodyEncoding {
  const header = request.headers["content-type"] ?? "";
  const media = header.split(";", 1)[0]!.trim().toLowerCase();
  if (media === "application/json") return "json";
  if (PROTOBUF_TYPES.has(media)) return "protobuf";
  throw new MimicError("INGEST_UNSUPPORTED_MEDIA_TYPE", "Unsupported Content-Type; send application/json, or application/x-protobuf on the protobuf paths.");
}

/** The ingest paths: the seed's JSON endpoint, one protobuf endpoint per sensor kind, and batches. */
export function registerIngestRoutes(app: FastifyInstance, deps: IngestRouteDeps): void {
  const { authenticator, ingest, rateLimiter, limits, metrics, now } = deps;

  // Authentication and the rate limit run before the body is read: an unauthenticated or
  // throttled client never costs a parse. A device whose token and registry entries are cached
  // (the usual case) is decided synchronously, without a promise per request.
  const admit = (request: FastifyRequest, device: AuthContext): void => {
    // Known before the rate limit: a throttled request counts among its device's rejections.
    request.device = device;
    const waitMs = rateLimiter.take(device.deviceId, now());
    if (waitMs > 0) {
      throw new MimicError("INGEST_RATE_LIMITED", `Device ${device.deviceId} is over its rate limit; retry after Retry-After seconds or send batches.`, {
        retryAfterMs: waitMs,
      });
    }
  };
  const onRequest = (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
    const header = authorizationOf(request);
    let cached: AuthContext | undefined;
    try {
      cached = authenticator.authenticateCached(header);
      if (cached !== undefined) admit(request, cached);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (cached !== undefined) {
      done();
      return;
    }
    authenticator.authenticate(header).then(
      (device) => {
        try {
          admit(request, device);
        } catch (error) {
          done(error as Error);
          return;
        }
        done();
      },
      (error: unknown) => done(error as Error),
    );
  };

  const route = (url: string, target: IngestTarget, bodyLimit: number, protobuf: boolean): void => {
    app.post(url, { onRequest, bodyLimit }, async (request, reply) => {
      const started = performance.now();
      const encoding = encodingOf(request);
      if (encoding === "protobuf" && !protobuf) {
        throw new MimicError("INGEST_UNSUPPORTED_MEDIA_TYPE", `${url} takes JSON; send protobuf to /v1/telemetry/dht, /pir, /light or /batch.`);
      }
      const body = request.body instanceof Uint8Array ? request.body : new Uint8Array(0);
      const readings = decodeReadings(body, encoding, target, {
        receivedAt: now(),
        maxFutureSkewSeconds: limits.maxFutureSkewSeconds,
        retentionSeconds: limits.retentionSeconds,
        maxBatchReadings: limits.maxBatchReadings,
      });
      const owner = request.device!.deviceId;
      const foreign = readings.findIndex((r) => r.device !== owner);
      if (foreign >= 0) {
        throw new MimicError(
          "AUTH_DEVICE_MISMATCH",
          `A reading names device "${readings[foreign]!.device}" but the token is for "${owner}"; each device may send only its own readings.`,
          {
            issues: [
              {
                code: "device_mismatch",
                path: readings.length > 1 || target.kind === "batch" ? `[${foreign}].device` : "device",
                message: `Expected "${owner}", the token's device.`,
              },
            ],
          },
        );
      }
      // A device sends readings of the sensors it was registered with (`mimic devices add
      // --sensors`): a device carrying only a DHT22 cannot file PIR readings under its token.
      const sensors = request.device!.sensors;
      const wrongKind = sensors.length === 3 ? -1 : readings.findIndex((r) => !sensors.includes(r.kind));
      if (wrongKind >= 0) {
        const sent = readings[wrongKind]!.kind;
        const carried = sensors.join(", ");
        throw new MimicError(
          "INGEST_TYPE_MISMATCH",
          `A reading is of type ${sent} but device "${owner}" is registered as ${carried} only (its sensors); send readings of ${carried}, or register a device that carries a ${sent} (mimic devices add <id> --sensors ${sent}).`,
          {
            issues: [
              {
                code: "type_mismatch",
                path: readings.length > 1 || target.kind === "batch" ? `[${wrongKind}].type` : "type",
                message: `Expected one of the device's sensors (${carried}); got ${sent}.`,
              },
            ],
          },
        );
      }
      const id = await ingest.publish(readings);
      metrics.readingsAccepted.inc(readings.length);
      metrics.ingestLatency.observe({ route: url }, (performance.now() - started) / 1000);
      return reply.code(201).type("application/json").send(`{"success":true,"accepted":${readings.length},"id":"${id}"}`);
    });
  };

  route("/v1/telemetry", { kind: "any" }, limits.maxBatchBodyBytes, false);
  route("/v1/telemetry/dht", { kind: "sensor", sensor: "DHT22" }, limits.maxSingleBodyBytes, true);
  route("/v1/telemetry/pir", { kind: "sensor", sensor: "PIR" }, limits.maxSingleBodyBytes, true);
  route("/v1/telemetry/light", { kind: "sensor", sensor: "LIGHT" }, limits.maxSingleBodyBytes, true);
  route("/v1/telemetry/batch", { kind: "batch" }, limits.maxBatchBodyBytes, true);
}
