// Public entry of the analytics layer: pure statistics over arrays of readings (no I/O).
export { analyze, type Analysis, type AnalyzeOptions, type DeviceAnalysis, type DeviceSeries, type FieldAnalysis } from "./analyze.js";
export { pearson } from "./correlation.js";
export { dayOverDay, hourlyProfile, type DayChange } from "./daily-profile.js";
export { describe, describeSorted, EXACT_QUANTILE_LIMIT, type Description } from "./describe.js";
export { lttb, lttbIndices, minMaxPerBucket, type XY } from "./downsample.js";
export { litHoursPerDay, motionSummary, type LitDay, type MotionSummary } from "./events.js";
export { histogram, histogramSorted, normalDensity, type Histogram, type HistogramBin } from "./histogram.js";
export { dayLabel, localClock, type LocalClock } from "./local-time.js";
export { quantileSorted, sortedFinite } from "./quantiles.js";
export { rollingByCount, rollingByTime, type RollingSeries } from "./rolling.js";
export { GAP_CADENCES, uptime, type Gap, type Uptime } from "./uptime.js";
export { renderAnalysisReport } from "./report/analysis-report.js";
export { summarizeBuckets, type DeviceSummary, type FieldSummary, type MomentBucket } from "./bucket-summary.js";
