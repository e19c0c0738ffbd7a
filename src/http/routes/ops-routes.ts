import type { FastifyInstance } from "fastify";
import type { MessageBus, TelemetryStore } from "../../telemetry/ports.js";
import type { TelemetryMetrics } from "../metrics.js";
import { readGuard, type ReadAccess } from "./read-guard.js";

async function check(probe: () => Promise<boolean>): Promise<boolean> {
  try {
    return await probe();
  } catch {
    return false;
  }
}

/**
 * `/healthz` (the process answers), `/readyz` (store and bus reachable): open, they say nothing
 * about readings. `/metrics` (Prometheus): a read or metrics token.
 */
export function registerOpsRoutes(app: FastifyInstance, deps: { store: TelemetryStore; bus: MessageBus; metrics: TelemetryMetrics; readAccess: ReadAccess }): void {
  app.get("/healthz", (_request, reply) => reply.send({ ok: true }));
  app.get("/readyz", async (_request, reply) => {
    const [store, bus] = await Promise.all([check(() => deps.store.healthy()), check(() => deps.bus.healthy())]);
    const ready = store && bus;
    return reply.code(ready ? 200 : 503).send({ ready, store, bus });
  });
  app.get("/metrics", { onRequest: readGuard(deps.readAccess, "metrics") }, async (_request, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(text);
  });
}
