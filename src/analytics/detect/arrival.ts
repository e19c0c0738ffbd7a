// What only arrival times show. The lag (arrival − device time) of a healthy device is steady: its
// network delay plus its clock error. Three things move it:
// - a network outage: readings held on the device arrive late and together, so within the run
//   the lag falls by one cadence per reading (the oldest held reading is the latest);
// - a clock jump: the lag moves at once by the jump and stays there (the clock-gap test reports
//   these from device time, so this test stays silent about them);
// - a drifting clock: the lag walks away slowly, first past `driftLag` by only a little.
// The reference lag follows slow changes of the network's delay very slowly (1/4096 a reading), so
// a clock drifting at 200 ppm or more still walks away from it.

export interface ArrivalOptions {
  /** Lag beyond the reference that marks a held reading, seconds (default 20). */
  outageLag: number;
  /** Lag beyond the reference, outside outages and jumps, that marks a drifting clock, seconds (default 5). */
  driftLag: number;
  /** A run that opens this far off at once is a jump or an outage, not a drift, seconds (default 30). */
  jumpLag: number;
  /** Readings to learn the reference from (default 32). */
  learn: number;
}

export const DEFAULT_ARRIVAL: ArrivalOptions = { outageLag: 20, driftLag: 5, jumpLag: 30, learn: 32 };

export interface ArrivalRun {
  kind: "network_outage" | "clock_drift";
  first: number;
  last: number;
  detectedIndex: number;
  /** Device time of the first and last reading. */
  start: number;
  end: number;
  /** Largest lag beyond the reference, seconds. */
  peak: number;
}

type RunKind = "network_outage" | "clock_drift" | "jump" | "undecided";

export class ArrivalTest {
  private reference = Number.NaN;
  private learnSum = 0;
  private learnCount = 0;
  private run: (Omit<ArrivalRun, "kind"> & { kind: RunKind; lastLag: number }) | undefined;

  constructor(private readonly o: ArrivalOptions = DEFAULT_ARRIVAL) {}

  /** Takes reading `index`: device time t, arrival a (NaN when unknown). Returns a run that ended. */
  push(index: number, t: number, a: number): ArrivalRun | undefined {
    if (Number.isNaN(a)) return undefined;
    const lag = a - t;
    if (Number.isNaN(this.reference)) {
      this.learnSum += lag;
      if (++this.learnCount >= this.o.learn) this.reference = this.learnSum / this.learnCount;
      return undefined;
    }
    const excess = lag - this.reference;
    const off = Math.abs(excess) > this.o.driftLag;
    const r = this.run;
    if (r !== undefined) {
      let continues: boolean;
      if (r.kind === "undecided") {
        // The second reading decides: a falling lag is a held backlog, a steady one a clock jump.
        if (excess > this.o.outageLag && lag < r.lastLag - 1) r.kind = "network_outage";
        else if (off) r.kind = "jump";
        continues = r.kind !== "undecided";
      } else if (r.kind === "network_outage")
        continues = excess > this.o.driftLag && lag < r.lastLag; // the backlog drains down to on-time
      else continues = off;
      if (continues) {
        r.last = index;
        r.end = t;
        r.lastLag = lag;
        r.peak = Math.max(r.peak, Math.abs(excess));
        return undefined;
      }
      const ended = this.close();
      if (off) this.open(index, t, lag, excess);
      return ended;
    }
    if (off) this.open(index, t, lag, excess);
    else this.reference += (lag - this.reference) / 4096;
    return undefined;
  }

  private open(index: number, t: number, lag: number, excess: number): void {
    const kind: RunKind = excess > this.o.outageLag ? "undecided" : Math.abs(excess) >= this.o.jumpLag ? "jump" : "clock_drift";
    this.run = { kind, first: index, last: index, detectedIndex: index, start: t, end: t, peak: Math.abs(excess), lastLag: lag };
  }

  /** Ends the run in progress; jumps are left to the clock-gap test. */
  close(): ArrivalRun | undefined {
    const r = this.run;
    this.run = undefined;
    if (r === undefined || r.kind === "jump") return undefined;
    // One held reading cannot show a falling lag; a jump would last far longer than one reading.
    const kind = r.kind === "undecided" ? "network_outage" : r.kind;
    return { kind, first: r.first, last: r.last, detectedIndex: r.detectedIndex, start: r.start, end: r.end, peak: r.peak };
  }
}
