// The HTTP API the page reads (the same origin; the session cookie rides along). Shapes mirror
// src/http/routes/{devices,series}-route.ts, src/http/ops-snapshot.ts and the alarms route; the
// page imports nothing from src/, and test/dashboard/api-contract.test.ts checks at compile time
// that the server's answers still fit these.

export type SensorKind = "DHT22" | "PIR" | "LIGHT";
export type Liveness = "live" | "late" | "silent";

export interface FleetDevice {
  id: string;
  sensors: SensorKind[];
  registration: string;
  status: Liveness;
  lastSeen: number | null;
  readingsLastHour: number;
  /** Refused requests since the server started, by error code. */
  rejections?: Record<string, number>;
  /** Open alarms, when the server reports them (absent otherwise): fetchFleet turns the server's `{count, kinds}` into these two. */
  openAlarms?: number;
  openAlarmKinds?: string[];
}

export interface FleetAnswer {
  now: number;
  cadenceSeconds: number;
  devices: FleetDevice[];
}

export interface SeriesField {
  mean: (number | null)[];
  min: (number | null)[];
  max: (number | null)[];
}

export interface SensorSeries {
  t: number[];
  count: number[];
  fields: Record<string, SeriesField>;
}

export interface SeriesAnswer {
  device: string;
  from: number;
  to: number;
  width: number;
  bucketSeconds: number;
  sensors: Partial<Record<SensorKind, SensorSeries>>;
}

/** One reading from the live feed. */
export interface LiveReading {
  device: string;
  kind: SensorKind;
  timestamp: number;
  data: Record<string, number | boolean>;
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { credentials: "same-origin", headers: { accept: "application/json" }, ...(signal ? { signal } : {}) });
  const body = (await res.json()) as { error?: { code: string; message: string } } & T;
  if (!res.ok) throw new Error(body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${res.status}`);
  return body;
}

export async function fetchFleet(signal?: AbortSignal): Promise<FleetAnswer> {
  const answer = await getJson<FleetAnswer>("/v1/devices", signal);
  // The server answers `openAlarms: {count, kinds}` (GET /v1/devices); the table sorts by the count.
  for (const d of answer.devices) {
    const raw = d.openAlarms as unknown;
    if (raw !== null && typeof raw === "object" && "count" in raw) {
      const { count, kinds } = raw as { count: number; kinds?: string[] };
      d.openAlarms = count;
      d.openAlarmKinds = kinds ?? [];
    }
  }
  return answer;
}

export function fetchSeries(device: string, from: number, to: number, width: number, signal?: AbortSignal): Promise<SeriesAnswer> {
  const q = new URLSearchParams({ device, from: String(from), to: String(to), width: String(width) });
  return getJson<SeriesAnswer>(`/v1/series?${q.toString()}`, signal);
}

/** What the server offers beyond the fixed API (GET /dashboard/features.json): alarms need a detector. */
export interface Features {
  alarms: boolean;
}

let features: Promise<Features> | undefined;

/** Asked once per page load; a server without the file (older) offers nothing optional. */
export function fetchFeatures(): Promise<Features> {
  features ??= getJson<Features>("/dashboard/features.json").catch(() => ({ alarms: false }));
  return features;
}

export interface Alarm {
  id: string;
  device: string;
  sensor: string;
  kind: string;
  state: "open" | "closed";
  /** ISO 8601. */
  start: string;
  end: string | null;
  score: number;
  evidence: unknown;
  openedAt: string;
  closedAt: string | null;
}

/** The device's alarms, or an empty list when the server has no detector (the route is absent). */
export async function fetchAlarms(device: string, signal?: AbortSignal): Promise<Alarm[]> {
  if (!(await fetchFeatures()).alarms) return [];
  const answer = await getJson<{ alarms: Alarm[] }>(`/v1/alarms?${new URLSearchParams({ device }).toString()}`, signal);
  return answer.alarms.filter((a) => a.device === device);
}

/** GET /v1/ops: the numbers behind /metrics as one object (src/http/ops-snapshot.ts). */
export interface OpsSnapshot {
  now: number;
  readingsAccepted: number;
  readingsStored: number;
  duplicatesDropped: number;
  rejected: Record<string, number>;
  latency: { le: number[]; cumulative: number[]; count: number; sumSeconds: number };
  queueDepth: number;
  storeSizeBytes: number | null;
  busUp: boolean;
  storeWritesFailing: boolean | null;
}

export function fetchOps(signal?: AbortSignal): Promise<OpsSnapshot> {
  return getJson<OpsSnapshot>("/v1/ops", signal);
}
