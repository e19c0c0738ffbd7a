// Event-wise scoring against labelled faults, as issue 18 defines it (never point-adjusted):
// a fault is found when an event of its kind covers at least one of its readings (a dropout has
// none: the readings on either side of its gap stand for it); an event that covers no fault's
// readings at all is a false alarm. Precision counts events, recall counts faults.
import type { DetectedEvent } from "./types.js";

/** A labelled fault: true time, epoch ms (start = end for a spike). */
export interface TruthFault {
  device: string;
  kind: string;
  start: number;
  end: number;
}

/** What the scorer knows of one device's readings, in the detector's order. */
export interface TruthSeries {
  device: string;
  /** True time of each reading, epoch ms, ascending (device time when the truth is unknown). */
  truth: Float64Array;
  /** Device time of each reading, epoch seconds. */
  stamps: Float64Array;
  /** Per reading, the active fault labels ("drift+clock_drift"), when the input has them. */
  labels?: readonly string[];
}

export interface KindScore {
  kind: string;
  faults: number;
  /** Faults with no reading to cover (e.g. a stuck spell inside a dropout): not counted in recall. */
  unjudgeable: number;
  found: number;
  events: number;
  trueEvents: number;
  precision: number;
  recall: number;
  f1: number;
  /** Median seconds from the fault's start to the first event that found it. */
  medianDelay: number;
}

export interface Scorecard {
  kinds: KindScore[];
  events: number;
  falseAlarms: number;
  deviceWeeks: number;
  falseAlarmsPerDeviceWeek: number;
}

interface Span {
  kind: string;
  first: number;
  last: number;
  start: number;
}

/** First position with truth[i] ≥ t. */
function lowerBound(a: Float64Array, t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position with truth[i] > t. */
function upperBound(a: Float64Array, t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The readings a fault covers, as a position range, or undefined when it has none. */
function spanOf(f: TruthFault, s: TruthSeries): Span | undefined {
  const n = s.truth.length;
  if (f.kind === "dropout") {
    const after = upperBound(s.truth, f.end);
    const before = lowerBound(s.truth, f.start) - 1;
    if (before < 0 || after >= n) return undefined;
    return { kind: f.kind, first: before, last: after, start: f.start };
  }
  // A spike's record is the instant of its reading (true time is kept to the millisecond in files).
  let first = lowerBound(s.truth, f.start - (f.kind === "spike" ? 1 : 0));
  let last = upperBound(s.truth, f.end + (f.kind === "spike" ? 1 : 0)) - 1;
  if (s.labels !== undefined) {
    while (first <= last && !s.labels[first]!.split("+").includes(f.kind)) first++;
    while (last >= first && !s.labels[last]!.split("+").includes(f.kind)) last--;
  }
  return first <= last ? { kind: f.kind, first, last, start: f.start } : undefined;
}

function overlaps(e: DetectedEvent, s: Span): boolean {
  return e.first <= s.last && e.last >= s.first;
}

/**
 * Scores events against faults. With `anyKind` (the baselines, which name no kind) an event of any
 * kind finds a fault of any kind.
 */
export function scoreEvents(
  series: readonly TruthSeries[],
  faults: readonly TruthFault[],
  events: readonly DetectedEvent[],
  kinds: readonly string[],
  anyKind = false,
): Scorecard {
  const byDevice = new Map(series.map((s) => [s.device, s]));
  const spans = new Map<string, Span[]>();
  const unjudgeable = new Map<string, number>();
  for (const f of faults) {
    const s = byDevice.get(f.device);
    const span = s === undefined ? undefined : spanOf(f, s);
    if (span === undefined) unjudgeable.set(f.kind, (unjudgeable.get(f.kind) ?? 0) + 1);
    else {
      const list = spans.get(f.device) ?? [];
      list.push(span);
      spans.set(f.device, list);
    }
  }
  const eventsByDevice = new Map<string, DetectedEvent[]>();
  for (const e of events) {
    const list = eventsByDevice.get(e.device) ?? [];
    list.push(e);
    eventsByDevice.set(e.device, list);
  }
  const delayOf = (e: DetectedEvent, span: Span): number => {
    const s = byDevice.get(e.device)!;
    const i = Math.min(e.detectedIndex, s.truth.length - 1);
    return (s.truth[i]! + (e.detectedAt - s.stamps[i]!) * 1000 - span.start) / 1000;
  };

  const out: KindScore[] = [];
  for (const kind of kinds) {
    let faultCount = 0;
    let found = 0;
    const delays: number[] = [];
    let eventCount = 0;
    let trueEvents = 0;
    for (const [device, list] of spans) {
      const evs = (eventsByDevice.get(device) ?? []).filter((e) => anyKind || e.kind === kind);
      for (const span of list) {
        if (span.kind !== kind) continue;
        faultCount++;
        let best = Number.POSITIVE_INFINITY;
        for (const e of evs) if (overlaps(e, span)) best = Math.min(best, delayOf(e, span));
        if (best < Number.POSITIVE_INFINITY) {
          found++;
          delays.push(best);
        }
      }
    }
    if (!anyKind) {
      for (const e of events) {
        if (e.kind !== kind) continue;
        eventCount++;
        if ((spans.get(e.device) ?? []).some((s) => s.kind === kind && overlaps(e, s))) trueEvents++;
      }
    }
    const precision = anyKind ? Number.NaN : eventCount === 0 ? Number.NaN : trueEvents / eventCount;
    const recall = faultCount === 0 ? Number.NaN : found / faultCount;
    delays.sort((a, b) => a - b);
    out.push({
      kind,
      faults: faultCount,
      unjudgeable: unjudgeable.get(kind) ?? 0,
      found,
      events: eventCount,
      trueEvents,
      precision,
      recall,
      f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : Number.NaN,
      medianDelay: delays.length === 0 ? Number.NaN : delays[(delays.length - 1) >> 1]!,
    });
  }
  let falseAlarms = 0;
  for (const e of events) if (!(spans.get(e.device) ?? []).some((s) => overlaps(e, s))) falseAlarms++;
  let ms = 0;
  for (const s of series) if (s.truth.length > 1) ms += s.truth[s.truth.length - 1]! - s.truth[0]!;
  const deviceWeeks = ms / (7 * 86_400_000);
  return { kinds: out, events: events.length, falseAlarms, deviceWeeks, falseAlarmsPerDeviceWeek: deviceWeeks > 0 ? falseAlarms / deviceWeeks : Number.NaN };
}
