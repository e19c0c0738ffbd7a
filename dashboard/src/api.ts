// The HTTP API the page reads (the same origin; the session cookie rides along). Shapes mirror
// src/http/routes/{devices,series}-route.ts; the page imports nothing from src/.

export type SensorKind = "DHT22" | "PIR" | "LIGHT";
export type Liveness = "live" | "late" | "silent";

export interface FleetDevice {
  id: string;
  sensors: SensorKind[];
  registration: string;
  status: Liveness;
  lastSeen: number | null;
  readingsLastHour: number;
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

export function fetchFleet(signal?: AbortSignal): Promise<FleetAnswer> {
  return getJson<FleetAnswer>("/v1/devices", signal);
}

export function fetchSeries(device: string, from: number, to: number, width: number, signal?: AbortSignal): Promise<SeriesAnswer> {
  const q = new URLSearchParams({ device, from: String(from), to: String(to), width: String(width) });
  return getJson<SeriesAnswer>(`/v1/series?${q.toString()}`, signal);
}
