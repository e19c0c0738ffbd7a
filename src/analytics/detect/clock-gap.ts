// Dropouts and clock jumps from device time alone. A dropout leaves a gap far longer than the
// device's learned cadence. A clock jump forward leaves the same kind of gap, but when the clock is
// put right the device time steps back by about as much; a jump backward starts with the step
// back and ends with the gap. Device time never steps back otherwise (readings arrive in order),
// so a gap is held until either its matching step back arrives (a clock jump over the readings in
// between) or `pairWithin` seconds of readings have passed (a dropout).
import { Cadence } from "./cadence.js";

export interface ClockGapOptions {
  /** A gap counts when longer than this many learned cadences (default 2). */
  gapFactor: number;
  /** A step back counts when device time goes back by more than this, seconds (default 1). */
  backTolerance: number;
  /** How long after a gap or step its counterpart may come, seconds of readings (default 1 day). */
  pairWithin: number;
}

export const DEFAULT_CLOCK_GAP: ClockGapOptions = { gapFactor: 2, backTolerance: 1, pairWithin: 86_400 };

export interface GapEvent {
  kind: "dropout" | "clock_jump" | "clock_drift";
  first: number;
  last: number;
  start: number;
  end: number;
  detectedAt: number;
  detectedIndex: number;
  /** Gap in cadences (dropout) or the clock's offset in seconds (clock jump). */
  score: number;
  evidence: string;
}

interface Pending {
  /** Reading before and after the gap (forward), or the first reading after the step (backward). */
  before: number;
  after: number;
  tBefore: number;
  tAfter: number;
  /** Clock offset the gap or step implies, seconds (positive = forward). */
  offset: number;
  /** Readings seen since, as seconds of cadence, to expire it. */
  elapsed: number;
  gapCadences: number;
  allowed: number;
}

export class ClockGapTest {
  readonly cadence = new Cadence();
  private prevT = Number.NaN;
  private gap: Pending | undefined;
  private back: Pending | undefined;

  constructor(private readonly o: ClockGapOptions = DEFAULT_CLOCK_GAP) {}

  /** Allowed gap, seconds (NaN while the cadence is unknown). */
  allowedGap(): number {
    return this.o.gapFactor * this.cadence.median;
  }

  /**
   * Takes reading `index` at device time t. Returns "gap" or "back" when the interval before it was
   * a gap or a step back (so other tests can forget their windows), else undefined.
   */
  push(index: number, t: number, emit: (e: GapEvent) => void): "gap" | "back" | undefined {
    const prev = this.prevT;
    this.prevT = t;
    if (Number.isNaN(prev)) return undefined;
    const dt = t - prev;
    const med = this.cadence.median;
    this.age(dt, med, emit);
    if (!this.cadence.known) {
      if (dt > 0) this.cadence.learn(dt);
      return undefined;
    }
    const tolerance = Math.max(2 * med, 10);
    if (dt > this.allowedGap()) {
      const offset = dt - med;
      if (this.back !== undefined && Math.abs(offset + this.back.offset) <= Math.max(tolerance, 0.1 * -this.back.offset)) {
        const b = this.back;
        this.back = undefined;
        emit({
          kind: "clock_jump",
          first: b.after,
          last: index - 1,
          start: b.tAfter,
          end: prev,
          detectedAt: b.tAfter,
          detectedIndex: b.after,
          score: -b.offset,
          evidence: `device time stepped back ${(-b.offset).toFixed(0)} s and forward ${offset.toFixed(0)} s later`,
        });
        return "gap";
      }
      this.flushGap(emit);
      this.gap = { before: index - 1, after: index, tBefore: prev, tAfter: t, offset, elapsed: 0, gapCadences: dt / med, allowed: this.allowedGap() };
      return "gap";
    }
    if (dt < -this.o.backTolerance) {
      const offset = dt - med; // negative: the clock went back by about -offset
      if (this.gap !== undefined && Math.abs(this.gap.offset + offset) <= Math.max(tolerance, 0.1 * this.gap.offset)) {
        const g = this.gap;
        this.gap = undefined;
        emit({
          kind: "clock_jump",
          first: g.after,
          last: index - 1,
          start: g.tAfter,
          end: prev,
          detectedAt: t,
          detectedIndex: index,
          score: g.offset,
          evidence: `device time jumped ${g.offset.toFixed(0)} s ahead and stepped back ${(-offset).toFixed(0)} s later`,
        });
        return "back";
      }
      this.flushBack(emit);
      this.back = { before: index - 1, after: index, tBefore: prev, tAfter: t, offset, elapsed: 0, gapCadences: 0, allowed: 0 };
      return "back";
    }
    if (dt > 0) this.cadence.learn(dt);
    return undefined;
  }

  /** Ends the input: held gaps are dropouts, held steps back are clock jumps of unknown end. */
  finish(emit: (e: GapEvent) => void): void {
    this.flushGap(emit);
    this.flushBack(emit);
  }

  private age(dt: number, med: number, emit: (e: GapEvent) => void): void {
    const step = Number.isNaN(med) ? Math.abs(dt) : Math.min(Math.abs(dt), 10 * med);
    if (this.gap !== undefined && (this.gap.elapsed += step) > this.o.pairWithin) this.flushGap(emit);
    if (this.back !== undefined && (this.back.elapsed += step) > this.o.pairWithin) this.flushBack(emit);
  }

  private flushGap(emit: (e: GapEvent) => void): void {
    const g = this.gap;
    if (g === undefined) return;
    this.gap = undefined;
    emit({
      kind: "dropout",
      first: g.before,
      last: g.after,
      start: g.tBefore,
      end: g.tAfter,
      detectedAt: g.tBefore + g.allowed,
      detectedIndex: g.before,
      score: g.gapCadences,
      evidence: `no reading for ${(g.tAfter - g.tBefore).toFixed(0)} s (${g.gapCadences.toFixed(1)} cadences; allowed ${g.allowed.toFixed(0)} s)`,
    });
  }

  private flushBack(emit: (e: GapEvent) => void): void {
    const b = this.back;
    if (b === undefined) return;
    this.back = undefined;
    // A lone step back is a clock put right at once: after a slow drift (a fast clock resynced)
    // far more often than after a jump whose end was lost in a gap.
    emit({
      kind: "clock_drift",
      first: b.before,
      last: b.after,
      start: b.tBefore,
      end: b.tAfter,
      detectedAt: b.tAfter,
      detectedIndex: b.after,
      score: -b.offset,
      evidence: `device time stepped back ${(-b.offset).toFixed(0)} s with no step forward to match within ${this.o.pairWithin} s: a fast clock put right`,
    });
  }
}
