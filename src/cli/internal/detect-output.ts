// What `mimic detect` writes: events as JSON lines or CSV, the summary per device and kind, and
// the scorecard, as text tables or one JSON document.
import type { DetectedEvent, Scorecard, SeriesVerdict } from "../../analytics/detect/index.js";
import type { DetectInput } from "./detect-input.js";

export interface EventRow {
  device: string;
  sensor: string;
  kind: string;
  start: string;
  end: string;
  score: number;
  evidence: string;
  first_reading_id: string | null;
  last_reading_id: string | null;
}

const iso = (seconds: number): string => new Date(Math.round(seconds * 1000)).toISOString();

export function eventRow(e: DetectedEvent, input: DetectInput): EventRow {
  return {
    device: e.device,
    sensor: e.sensor,
    kind: e.kind,
    start: iso(e.start),
    end: iso(e.end),
    score: Math.round(e.score * 100) / 100,
    evidence: e.evidence,
    first_reading_id: input.ids[e.first] ?? null,
    last_reading_id: input.ids[e.last] ?? null,
  };
}

const CSV_COLUMNS: readonly (keyof EventRow)[] = ["device", "sensor", "kind", "start", "end", "score", "evidence", "first_reading_id", "last_reading_id"];

function csvCell(v: string | number | null): string {
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  return `"${v.replaceAll('"', '""')}"`;
}

export function formatEvents(rows: readonly EventRow[], format: "jsonl" | "csv"): string {
  if (format === "jsonl") return rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length > 0 ? "\n" : "");
  return [CSV_COLUMNS.join(","), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(","))].join("\n") + "\n";
}

/** Counts per device and kind; devices with too few readings say so. */
export function formatSummary(verdicts: readonly SeriesVerdict[], kinds: readonly string[]): string {
  const used = kinds.filter((k) => verdicts.some((v) => v.events.some((e) => e.kind === k)));
  const head = ["device", "sensor", "readings", ...used];
  const rows = verdicts.map((v) =>
    v.judged
      ? [v.device, v.sensor, String(v.readings), ...used.map((k) => String(v.events.filter((e) => e.kind === k).length))]
      : [v.device, v.sensor, String(v.readings), "too few readings to judge"],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i < 2 || cells.length < head.length ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(head), ...rows.map(line)].join("\n") + "\n";
}

const num = (x: number, digits = 2): string => (Number.isNaN(x) ? "–" : x.toFixed(digits));

export function formatScorecard(card: Scorecard, source: string): string {
  const lines = [
    `Scorecard against ${source} (event-wise, never point-adjusted): ${card.events} events, ${card.falseAlarms} false alarms, ${num(card.falseAlarmsPerDeviceWeek)} per device-week`,
    "kind            faults  found  events  precision  recall    F1  median delay (min)",
  ];
  for (const k of card.kinds) {
    if (k.faults === 0 && k.events === 0) continue;
    lines.push(
      `${k.kind.padEnd(15)} ${String(k.faults).padStart(6)}  ${String(k.found).padStart(5)}  ${String(k.events).padStart(6)}  ${num(k.precision).padStart(9)}  ${num(k.recall).padStart(6)}  ${num(k.f1).padStart(4)}  ${num(k.medianDelay / 60, 1).padStart(18)}` +
        (k.unjudgeable > 0 ? `  (+${k.unjudgeable} with no reading to cover)` : ""),
    );
  }
  return lines.join("\n") + "\n";
}
