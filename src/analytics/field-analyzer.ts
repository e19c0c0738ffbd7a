// One measured field of one device (temperature, humidity), analysed while its readings stream
// past: moments (Welford) and shape (Pébay), the value distribution for quartiles and the
// histogram, the hourly and daily profile, the rolling window, and both charts reduced to min and
// max per pixel column as they come. Memory does not grow with the readings (see
// value-distribution.ts for the one exception, values that are neither few nor many).
import { addValue, emptyMoments, standardDeviation } from "../numeric/index.js";
import type { Random } from "../random/index.js";
import type { AnalyzeOptions, FieldAnalysis } from "./analysis-types.js";
import { ProfileTracker } from "./daily-profile.js";
import { describeDistribution } from "./describe.js";
import { lttbIndices, MinMaxReducer } from "./downsample.js";
import { addShape, histogramOf, type ShapeMoments } from "./histogram.js";
import { dayLabel } from "./local-time.js";
import { CountWindow, TimeWindow, type RollingWindow } from "./rolling.js";
import { ValueDistribution } from "./value-distribution.js";

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export class FieldAnalyzer {
  private readonly moments = emptyMoments();
  private readonly shape: ShapeMoments = { m3: 0, m4: 0 };
  private readonly distribution: ValueDistribution;
  private readonly profile = new ProfileTracker();
  private readonly rolling: RollingWindow;
  private readonly rollingChart: MinMaxReducer;
  private readonly chart: MinMaxReducer;

  constructor(
    random: Random,
    private readonly options: Required<AnalyzeOptions>,
  ) {
    this.distribution = new ValueDistribution(random, options.quantiles);
    this.rolling = "count" in options.rolling ? new CountWindow(options.rolling.count) : new TimeWindow(options.rolling.seconds);
    this.rollingChart = new MinMaxReducer(options.chartColumns);
    this.chart = new MinMaxReducer(options.chartColumns);
  }

  /** Adds the value x (NaN = missing) of the reading at time t, local `hour` and local `day`. */
  add(t: number, hour: number, day: number, x: number): void {
    this.rolling.push(t, x);
    this.rollingChart.add(t, this.rolling.mean, this.rolling.std);
    if (Number.isNaN(x)) return;
    addShape(this.shape, this.moments, x);
    addValue(this.moments, x);
    this.distribution.add(x);
    this.profile.add(hour, day, x);
    this.chart.add(t, x);
  }

  result(): FieldAnalysis {
    const m = this.moments;
    // The rolling mean's min and max per column, then LTTB down to one point per column.
    const roll = this.rollingChart.result();
    const keep = lttbIndices(roll.x, roll.y, this.options.chartColumns);
    const chart = this.chart.result();
    return {
      describe: describeDistribution(this.distribution, m),
      histogram: histogramOf(this.distribution, m, this.shape),
      hourly: this.profile.hours.map((h, hour) => ({
        hour,
        count: h.count,
        mean: h.count > 0 ? h.mean : null,
        std: finiteOrNull(standardDeviation(h)),
      })),
      dayOverDay: this.profile.dayOverDay().map((d) => ({ ...d, date: dayLabel(d.day) })),
      rolling: { t: Array.from(keep, (i) => roll.x[i]!), mean: Array.from(keep, (i) => roll.y[i]!), std: Array.from(keep, (i) => roll.extra[i]!) },
      chart: { t: Array.from(chart.x), value: Array.from(chart.y) },
    };
  }
}
