import type { FastifyInstance } from "fastify";
import { ALARM_QUERY_PARAMETERS, alarmToJson, parseAlarmQuery } from "../../telemetry/live/index.js";
import type { TelemetryStore } from "../../telemetry/ports.js";
import { singleParams } from "./query-params.js";
import { readGuard, type ReadAccess } from "./read-guard.js";

/**
 * `GET /v1/alarms[?device=&kind=&state=open|closed|all&from=&to=&limit=]`: the live detectors'
 * alarms from the store (so every server on one store answers the same), newest start first.
 */
export function registerAlarmsRoute(app: FastifyInstance, deps: { store: TelemetryStore; readAccess: ReadAccess }): void {
  app.get("/v1/alarms", { onRequest: readGuard(deps.readAccess, "read") }, async (request, reply) => {
    const query = parseAlarmQuery(singleParams("/v1/alarms", request.query, ALARM_QUERY_PARAMETERS), "http");
    const alarms = await deps.store.listAlarms(query);
    return reply.header("cache-control", "no-store").send({ alarms: alarms.map(alarmToJson) });
  });
}
