// Offline detection over whole series: each device's readings, in the order they arrived, go
// through the detector of its sensor kind. The same detectors run live, one reading at a time.
import type { SensorKind } from "../../sensors/index.js";
import { DEFAULT_DHT22, Dht22Detector, type Dht22Options } from "./dht22-detector.js";
import { DEFAULT_EVENT_SENSOR, EventSensorDetector, type EventSensorOptions } from "./event-sensor-detector.js";
import type { DetectedEvent } from "./types.js";

/** One device's readings of one sensor, in arrival order. */
export interface DetectSeries {
  device: string;
  sensor: SensorKind;
  /** Device timestamps, epoch seconds. */
  times: Float64Array;
  /** DHT22: temperature and humidity (absent for event sensors). */
  temperature?: Float64Array;
  humidity?: Float64Array;
  /** Arrival times, epoch seconds, when known. */
  arrival?: Float64Array;
}

export interface DetectOptions {
  dht22: Dht22Options;
  events: EventSensorOptions;
  /** Fewer readings than this and the device is reported as too few to judge (default 64). */
  minReadings: number;
}

export const DEFAULT_DETECT: DetectOptions = { dht22: DEFAULT_DHT22, events: DEFAULT_EVENT_SENSOR, minReadings: 64 };

export interface SeriesVerdict {
  device: string;
  sensor: SensorKind;
  readings: number;
  /** False when the device had too few readings to judge: no events were guessed for it. */
  judged: boolean;
  events: DetectedEvent[];
}

/** Runs the detectors over one series. */
export function detectSeries(s: DetectSeries, o: DetectOptions = DEFAULT_DETECT): SeriesVerdict {
  const events: DetectedEvent[] = [];
  const n = s.times.length;
  if (n < o.minReadings) return { device: s.device, sensor: s.sensor, readings: n, judged: false, events };
  const sink = (e: DetectedEvent): void => void events.push(e);
  if (s.sensor === "DHT22") {
    const d = new Dht22Detector(s.device, sink, o.dht22);
    const temperature = s.temperature!;
    const humidity = s.humidity!;
    const arrival = s.arrival;
    for (let i = 0; i < n; i++) d.push(i, s.times[i]!, temperature[i]!, humidity[i]!, arrival === undefined ? Number.NaN : arrival[i]!);
    d.finish();
  } else {
    const d = new EventSensorDetector(s.device, s.sensor, sink, o.events);
    for (let i = 0; i < n; i++) d.push(i, s.times[i]!);
    d.finish();
  }
  events.sort((a, b) => a.first - b.first || a.last - b.last);
  return { device: s.device, sensor: s.sensor, readings: n, judged: true, events };
}
