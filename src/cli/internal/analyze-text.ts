// The text form of an analysis: a describe() table per device, as pandas prints it, and one line
// each for uptime, correlations, motion and light.
import { EXACT_QUANTILE_LIMIT, type Analysis, type DeviceSummary } from "../../analytics/index.js";

function cell(v: number, digits = 2): string {
  return Number.isFinite(v) ? v.toFixed(digits) : "NaN";
}

function iso(t: number): string {
  return Number.isFinite(t) ? new Date(t * 1000).toISOString().slice(0, 19) + "Z" : "–";
}

/** The closing line's word on quartiles: exact, or which ones a sketch gave and its rank error. */
export function quartileNote(a: Analysis): string {
  const sketched = a.devices.flatMap((d) =>
    Object.entries(d.fields).flatMap(([name, f]) => (f.describe.quartiles.method === "sketch" ? [{ name, rankError: f.describe.quartiles.rankError }] : [])),
  );
  if (sketched.length === 0) return "quartiles exact (pandas' linear interpolation)";
  const worst = Math.max(...sketched.map((s) => s.rankError));
  return `quartiles marked * come from a KLL sketch (more than ${EXACT_QUANTILE_LIMIT.toLocaleString("en-US")} values of one field with many distinct values: rank error ≤ ${100 * worst} % of the count), the others exact (pandas' linear interpolation)`;
}

export function formatAnalysisText(a: Analysis): string {
  const lines: string[] = [];
  for (const d of a.devices) {
    lines.push(`${d.device} ${d.type}: ${d.count.toLocaleString("en-US")} readings, ${iso(d.from)} → ${iso(d.to)}`);
    const fields = Object.entries(d.fields);
    if (fields.length > 0) {
      const head = ["", "count", "mean", "std", "min", "25%", "50%", "75%", "max"];
      const rows = fields.map(([name, f]) => {
        const s = f.describe;
        const unit = name === "temperature" ? ` (${a.units.temperature})` : name === "humidity" ? " (%RH)" : "";
        const mark = s.quartiles.method === "sketch" ? "*" : "";
        return [name + unit + mark, String(s.count), cell(s.mean), cell(s.std), cell(s.min), cell(s.q25), cell(s.q50), cell(s.q75), cell(s.max)];
      });
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const fmt = (r: string[]): string => "  " + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
      lines.push(fmt(head), ...rows.map(fmt));
    }
    if (d.uptime) {
      const u = d.uptime;
      lines.push(
        `  readings: ${u.received.toLocaleString("en-US")} of ${u.expected.toLocaleString("en-US")} expected at ${cell(u.cadenceSeconds, 1)} s (${cell(100 * u.completeness, 1)} %), uptime ${cell(100 * u.uptime, 1)} %, ${u.gaps.length} gap${u.gaps.length === 1 ? "" : "s"} > 3 cadences`,
      );
    }
    for (const [pair, r] of Object.entries(d.correlations)) lines.push(`  correlation ${pair}: ${cell(r, 3)}`);
    if (d.motion) lines.push(`  motion: ${d.motion.events.toLocaleString("en-US")} detections, ${cell(d.motion.eventsPerHour, 2)} per hour`);
    if (d.lit !== undefined)
      lines.push(
        d.lit === null
          ? "  lit hours: unknown (no reading says dark)"
          : `  lit hours per day (${a.timeZone}): ${d.lit.map((x) => `${x.date} ${cell(x.litHours, 1)}`).join(", ")}`,
      );
    lines.push("");
  }
  const roll = "count" in a.rolling ? `${a.rolling.count} readings` : `${a.rolling.seconds} s`;
  lines.push(`Times in ${a.timeZone}; rolling window ${roll}; ${quartileNote(a)}. --json prints every number, --report FILE the figures.`);
  return lines.join("\n") + "\n";
}

/** The text of a --summary: count, mean, std, min and max per device and field. */
export function formatSummaryText(devices: readonly DeviceSummary[], units: string, timeZone: string): string {
  const lines: string[] = [];
  for (const d of devices) {
    lines.push(`${d.device} ${d.type}: ${d.count.toLocaleString("en-US")} readings`);
    const head = ["", "count", "mean", "std", "min", "max"];
    const rows = Object.entries(d.fields).map(([name, f]) => [
      name + (name === "temperature" ? ` (${units})` : name === "humidity" ? " (%RH)" : ""),
      String(f.count),
      cell(f.mean),
      cell(f.std),
      cell(f.min),
      cell(f.max),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (r: string[]): string => "  " + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
    lines.push(fmt(head), ...rows.map(fmt), "");
  }
  lines.push(
    `Summary from the store's 15-minute moments (merged with Chan's formula; no reading read into mimic); times in ${timeZone}. Quartiles need every reading: run without --summary.`,
  );
  return lines.join("\n") + "\n";
}
