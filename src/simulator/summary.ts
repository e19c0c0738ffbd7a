// The live summary line and the final report of a simulation run.
import type { ClientStats } from "../device/index.js";
import type { FaultRecord } from "../sensors/faults.js";

/** Totals of a run at one moment. */
export interface RunTotals extends ClientStats {
  /** Readings the fleet produced. */
  generated: number;
  /** Readings not yet handed to their device's client: held by a simulated network outage, or (backfill) waiting for room in its buffer. */
  held: number;
  /** Simulated time reached, epoch ms. */
  simTime: number;
  /** Wall time since the start, ms. */
  elapsedMs: number;
}

const n = (x: number): string => x.toLocaleString("en-US");

/** `401 AUTH_INVALID ×12, 400 INGEST_INVALID ×3` or `none`. */
export function formatRejected(rejected: Readonly<Record<string, number>>): string {
  const parts = Object.entries(rejected)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ×${n(v)}`);
  return parts.length === 0 ? "none" : parts.join(", ");
}

/** One line for stderr, refreshed while the run goes. */
export function summaryLine(t: RunTotals): string {
  const rate = t.elapsedMs > 0 ? (t.acknowledged * 1000) / t.elapsedMs : 0;
  return (
    `sim ${new Date(t.simTime).toISOString().slice(0, 19)}Z  sent ${n(t.sent)}  acked ${n(t.acknowledged)} (${n(Math.round(rate))}/s)  retried ${n(t.retried)}  ` +
    `buffered ${n(t.buffered + t.held)}  dropped ${n(t.dropped)}  rejected ${formatRejected(t.rejected)}`
  );
}

/** The final report, human-readable. */
export function finalReport(t: RunTotals, faults: readonly FaultRecord[], header: string): string {
  const byKind = new Map<string, number>();
  for (const f of faults) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  const faultText = byKind.size === 0 ? "none" : [...byKind].map(([k, v]) => `${k} ${v}`).join(", ");
  const rate = t.elapsedMs > 0 ? Math.round((t.acknowledged * 1000) / t.elapsedMs) : 0;
  return [
    header,
    `  generated    ${n(t.generated)} readings up to ${new Date(t.simTime).toISOString()} (faults injected: ${faults.length === 0 ? "none" : `${faults.length} — ${faultText}`})`,
    `  sent         ${n(t.sent)}`,
    `  acknowledged ${n(t.acknowledged)} (${n(rate)} readings/s over ${(t.elapsedMs / 1000).toFixed(1)} s)`,
    `  retried      ${n(t.retried)}`,
    `  buffered     ${n(t.buffered + t.held)}${t.buffered + t.held > 0 ? " (not delivered)" : ""}`,
    `  dropped      ${n(t.dropped)}${t.dropped > 0 ? " (buffer full; raise --buffer)" : ""}`,
    `  rejected     ${formatRejected(t.rejected)}`,
    "",
  ].join("\n");
}
