import type { FastifyInstance } from "fastify";
import { MimicError } from "../../errors/index.js";
import type { SensorKind } from "../../sensors/reading.js";
import { DEFAULT_DHT_CADENCE } from "../../sensors/dht22.js";
import type { BucketRow, ReadingRow, TelemetryStore } from "../../telemetry/ports.js";
import { ALARM_QUERY_LIMIT, liveness, SILENT_AFTER_CADENCES, type DeviceLiveness, type LiveDetection, type SensorHealth } from "../../telemetry/live/index.js";
import type { DeviceRejections } from "../device-rejections.js";
import { singleParams } from "./query-params.js";
import { readGuard, type ReadAccess } from "./read-guard.js";

/**
 * One device in `GET /v1/devices`. An object per device, so later fields (open alarms, rejections)
 * are added beside these without changing them.
 */
export interface FleetDevice {
  id: string;
  sensors: readonly SensorKind[];
  /** The registry's status: active, disabled or revoked. */
  registration: string;
  status: DeviceLiveness;
  /** Latest reading's device time, epoch seconds; null when none in the last hour. */
  lastSeen: number | null;
  readingsLastHour: number;
  /** Open alarms of the device (from the store) and their kinds, sorted. */
  openAlarms: { count: number; kinds: string[] };
  /**
   * Each sensor as the live detectors see it: status by its learned cadence and the arrival of its
   * last reading; for an event sensor its last event and its device's periodic sensor's status.
   * Absent when detection is off (`mimic serve --detect off`); empty for a device not heard from
   * since this server started (or handled by another server, docs/detect.md).
   */
  health?: SensorHealth[];
  /** Requests of this device refused since the server started, by error code. */
  rejections: Record<string, number>;
}

export interface FleetAnswer {
  success: true;
  /** Server time of the answer, epoch seconds. */
  now: number;
  cadenceSeconds: number;
  devices: FleetDevice[];
}

const HOUR = 3600;

/**
 * `GET /v1/devices[?cadence=<seconds>]`: every registered device with its sensors, last seen,
 * readings in the last hour and status. The cadence (default: the DHT22's read interval) is how
 * often a device is expected to report; rejections are those counted since the server started. Two bounded store queries: per-minute counts over the hour,
 * and raw readings of the last 10 cadences for an exact "last seen" where it decides the status.
 */
export function registerDevicesRoute(
  app: FastifyInstance,
  deps: { store: TelemetryStore; now: () => number; readAccess: ReadAccess; detection?: LiveDetection | undefined; rejections: DeviceRejections },
): void {
  app.get("/v1/devices", { onRequest: readGuard(deps.readAccess, "read") }, async (request, reply) => {
    const { cadence } = singleParams("/v1/devices", request.query, ["cadence"]);
    const cadenceSeconds = cadence === undefined ? DEFAULT_DHT_CADENCE.intervalMs / 1000 : Number(cadence);
    if (!Number.isFinite(cadenceSeconds) || cadenceSeconds < 1 || cadenceSeconds > HOUR)
      throw new MimicError("QUERY_INVALID", "cadence is the expected seconds between a device's readings, 1 to 3600.", {
        issues: [{ code: "invalid_cadence", path: "cadence", message: "Seconds between readings, 1 to 3600." }],
      });
    const now = deps.now() / 1000;
    const [devices, minutes, recent, open] = await Promise.all([
      deps.store.listDevices(),
      deps.store.queryReadings({ from: now - HOUR, to: now + 1, bucketSeconds: 60, limit: 1_000_000 }) as Promise<BucketRow[]>,
      deps.store.queryReadings({ from: now - SILENT_AFTER_CADENCES * cadenceSeconds, to: now + 1, limit: 1_000_000 }) as Promise<ReadingRow[]>,
      deps.store.listAlarms({ state: "open", limit: ALARM_QUERY_LIMIT }),
    ]);
    const alarms = new Map<string, { count: number; kinds: string[] }>();
    for (const a of open) {
      const entry = alarms.get(a.device) ?? { count: 0, kinds: [] };
      entry.count++;
      if (!entry.kinds.includes(a.kind)) entry.kinds = [...entry.kinds, a.kind].sort();
      alarms.set(a.device, entry);
    }
    const count = new Map<string, number>();
    const seen = new Map<string, number>();
    for (const b of minutes) {
      if (b.bucket + 60 <= now - HOUR) continue; // the first bucket may start before the hour
      count.set(b.device, (count.get(b.device) ?? 0) + b.count);
      seen.set(b.device, Math.max(seen.get(b.device) ?? 0, b.bucket));
    }
    for (const r of recent) seen.set(r.device, Math.max(seen.get(r.device) ?? 0, r.timestamp));
    const answer: FleetAnswer = {
      success: true,
      now,
      cadenceSeconds,
      devices: devices.map((d) => {
        const lastSeen = seen.get(d.id) ?? null;
        return {
          id: d.id,
          sensors: d.sensors,
          registration: d.status,
          status: liveness(lastSeen, now, cadenceSeconds),
          lastSeen,
          readingsLastHour: count.get(d.id) ?? 0,
          openAlarms: alarms.get(d.id) ?? { count: 0, kinds: [] },
          ...(deps.detection === undefined ? {} : { health: deps.detection.health(d.id) }),
          rejections: deps.rejections.of(d.id),
        };
      }),
    };
    return reply.header("cache-control", "no-store").send(answer);
  });
}
