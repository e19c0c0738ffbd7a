import type { FastifyInstance } from "fastify";
import type { StoreWriteHealth } from "../../telemetry/ingest/index.js";
import type { MessageBus, TelemetryStore } from "../../telemetry/ports.js";
import type { TelemetryMetrics } from "../metrics.js";
import { opsSnapshot } from "../ops-snapshot.js";
import { readGuard, type ReadAccess } from "./read-guard.js";

async function check(probe: () => Promise<boolean>): Promise<boolean> {
  try {
    return await probe();
  } catch {
    return false;
  }
}

/**
 * `/healthz` (the process answers), `/readyz` (ingest can acknowledge readings: the bus is up,
 * and — unless the bus keeps readings by itself, as JetStream does — the store is reachable and
 * its last write succeeded, so a full disk shows here): open, they say nothing about readings.
 * `/metrics` (Prometheus) and `/v1/ops` (the same numbers as JSON, for the dashboard's Operations
 * page): a read or metrics token.
 */
export function registerOpsRoutes(
  app: FastifyInstance,
  deps: {
    store: TelemetryStore;
    bus: MessageBus;
    metrics: TelemetryMetrics;
    readAccess: ReadAccess;
    now: () => number;
    storeWrites?: StoreWriteHealth | undefined;
  },
): void {
  app.get("/healthz", (_request, reply) => reply.send({ ok: true }));
  app.get("/readyz", async (_request, reply) => {
    const [store, bus] = await Promise.all([check(() => deps.store.healthy()), check(() => deps.bus.healthy())]);
    const storeWrites = !(deps.storeWrites?.failing() ?? false);
    const ready = bus && (deps.bus.keepsReadingsWithoutStore === true || (store && storeWrites));
    return reply.code(ready ? 200 : 503).send({ ready, store, bus, storeWrites });
  });
  app.get("/metrics", { onRequest: readGuard(deps.readAccess, "metrics") }, async (_request, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(text);
  });
  app.get("/v1/ops", { onRequest: readGuard(deps.readAccess, "metrics") }, async (_request, reply) => {
    return reply.header("cache-control", "no-store").send(await opsSnapshot(deps.metrics, deps.now()));
  });
}
