// Fault detection: pure detectors with per-device state, the scorer, and the two baselines.
export { DETECT_KINDS, type DetectedEvent, type DetectKind, type EventSink } from "./types.js";
export { DEFAULT_DHT22, Dht22Detector, type Dht22Options } from "./dht22-detector.js";
export { DEFAULT_EVENT_SENSOR, EventSensorDetector, type EventSensorOptions } from "./event-sensor-detector.js";
export { DEFAULT_DETECT, detectSeries, type DetectOptions, type DetectSeries, type SeriesVerdict } from "./detect-series.js";
export { scoreEvents, type KindScore, type Scorecard, type TruthFault, type TruthSeries } from "./score.js";
export { lowestShareBaseline, windowedGaussianBaseline } from "./baselines.js";
