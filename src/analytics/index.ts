// Public entry of the analytics layer: pure statistics over arrays of readings (no I/O).
export { analyze, type Analysis, type AnalyzeOptions, type DeviceAnalysis, type DeviceSeries, type FieldAnalysis } from "./analyze.js";
export { CoMoments, pearson } from "./correlation.js";
export { dayOverDay, hourlyProfile, ProfileTracker, type DayChange } from "./daily-profile.js";
export { describe, describeDistribution, EXACT_QUANTILE_LIMIT, type Description } from "./describe.js";
export { lttb, lttbIndices, minMaxPerBucket, MinMaxReducer, type XY } from "./downsample.js";
export { LitTracker, litHoursPerDay, MotionTracker, motionSummary, type LitDay, type MotionSummary } from "./events.js";
export { histogram, histogramOf, normalDensity, type Histogram, type HistogramBin } from "./histogram.js";
export { dayLabel, localClock, type LocalClock } from "./local-time.js";
export { quantileSorted, sortedFinite } from "./quantiles.js";
export { KLL_RANK_ERROR, KllSketch } from "./kll-sketch.js";
export { REORDER_READINGS, type ReadingSink } from "./reorder-buffer.js";
export { CountWindow, rollingByCount, rollingByTime, TimeWindow, type RollingSeries, type RollingWindow } from "./rolling.js";
export { StreamingAnalysis } from "./streaming-analysis.js";
export { DISTINCT_LIMIT, ValueDistribution, type DistributionLimits, type QuantileMethod } from "./value-distribution.js";
export { GAP_CADENCES, MAX_LISTED_GAPS, uptime, UptimeTracker, type Gap, type Uptime } from "./uptime.js";
export { renderAnalysisReport } from "./report/analysis-report.js";
export { summarizeBuckets, type DeviceSummary, type FieldSummary, type MomentBucket } from "./bucket-summary.js";
