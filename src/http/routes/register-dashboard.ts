import type { FastifyInstance } from "fastify";
import type { TelemetryStore } from "../../telemetry/ports.js";
import type { LiveDetection } from "../../telemetry/live/index.js";
import type { QueryLimits } from "../../telemetry/query/index.js";
import type { DeviceRejections } from "../device-rejections.js";
import { registerDashboardRoute } from "./dashboard-route.js";
import { registerDevicesRoute } from "./devices-route.js";
import type { LiveFeed } from "./live-feed.js";
import { registerLiveRoute } from "./live-route.js";
import type { ReadAccess } from "./read-guard.js";
import { registerSeriesRoute } from "./series-route.js";

/** The dashboard's page and the read endpoints it calls: /dashboard/, /v1/series, /v1/devices, /v1/live. */
export function registerDashboardRoutes(
  app: FastifyInstance,
  deps: {
    store: TelemetryStore;
    now: () => number;
    limits: QueryLimits;
    readAccess: ReadAccess;
    live: LiveFeed;
    detection?: LiveDetection | undefined;
    rejections: DeviceRejections;
    dashboardDir?: string;
  },
): void {
  registerDashboardRoute(app, { readAccess: deps.readAccess, ...(deps.dashboardDir === undefined ? {} : { dir: deps.dashboardDir }) });
  registerSeriesRoute(app, deps);
  registerDevicesRoute(app, deps);
  registerLiveRoute(app, { feed: deps.live, readAccess: deps.readAccess });
}
