// Event sensors (PIR motion, light) post only on a change and have no cadence, so a gap is not
// evidence of anything by itself. What can be judged: a silence far longer than any the device has
// had (stuck: "no change for far longer than history allows"), and a burst of changes in an hour
// far beyond any hour of its history. A single false trigger or flicker looks like a real one and
// is not judged; neither are dropouts or clock faults (see docs/detect.md).
import type { SensorKind } from "../../sensors/index.js";
import type { EventSink } from "./types.js";

export interface EventSensorOptions {
  /** Silence counts as stuck past this many times the longest silence seen so far (default 2). */
  silenceFactor: number;
  /** Changes to see before judging silences (default 100). */
  learnChanges: number;
  /** A burst is an hour with more than this many times the busiest hour seen so far (default 3). */
  burstFactor: number;
  /** Hours to see before judging bursts (default 7 × 24). */
  learnHours: number;
}

export const DEFAULT_EVENT_SENSOR: EventSensorOptions = { silenceFactor: 2, learnChanges: 100, burstFactor: 3, learnHours: 168 };

export class EventSensorDetector {
  private prevT = Number.NaN;
  private longest = 0;
  private changes = 0;
  private hour = Number.NaN;
  private hourCount = 0;
  private hourFirst = 0;
  private hourStart = 0;
  private busiest = 0;
  private hoursSeen = 0;

  constructor(
    readonly device: string,
    readonly sensor: SensorKind,
    private readonly emit: EventSink,
    private readonly o: EventSensorOptions = DEFAULT_EVENT_SENSOR,
  ) {}

  push(index: number, t: number): void {
    const prev = this.prevT;
    this.prevT = t;
    this.changes++;
    if (!Number.isNaN(prev)) {
      const silence = t - prev;
      if (this.changes > this.o.learnChanges && silence > this.o.silenceFactor * this.longest) {
        this.emit({
          device: this.device,
          sensor: this.sensor,
          kind: "stuck",
          first: index - 1,
          last: index,
          start: prev,
          end: t,
          detectedAt: prev + this.o.silenceFactor * this.longest,
          detectedIndex: index - 1,
          score: silence / this.longest,
          evidence: `no change for ${(silence / 3600).toFixed(1)} h; the longest quiet spell before was ${(this.longest / 3600).toFixed(1)} h`,
        });
      } else this.longest = Math.max(this.longest, silence);
    }
    const h = Math.floor(t / 3600);
    if (h !== this.hour) this.closeHour(h, index, t);
    this.hourCount++;
  }

  finish(): void {
    this.closeHour(Number.NaN, 0, 0);
  }

  private closeHour(next: number, index: number, t: number): void {
    if (!Number.isNaN(this.hour)) {
      if (this.hoursSeen >= this.o.learnHours && this.hourCount > this.o.burstFactor * Math.max(this.busiest, 1)) {
        this.emit({
          device: this.device,
          sensor: this.sensor,
          kind: "burst",
          first: this.hourFirst,
          last: index - 1,
          start: this.hourStart,
          end: this.prevT,
          detectedAt: this.hourStart + 3600,
          detectedIndex: index - 1,
          score: this.hourCount / Math.max(this.busiest, 1),
          evidence: `${this.hourCount} changes in an hour; the busiest hour before had ${this.busiest}`,
        });
      } else this.busiest = Math.max(this.busiest, this.hourCount);
      this.hoursSeen += Number.isNaN(next) ? 1 : Math.max(1, next - this.hour);
    }
    this.hour = next;
    this.hourCount = 0;
    this.hourFirst = index;
    this.hourStart = t;
  }
}
