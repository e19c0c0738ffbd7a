// The time axis every chart shares. uPlot's default ticks every 50 px and labels a tick with the
// unit that changed (":30") over a second line with the full date, so on a phone-wide chart the
// labels ran into each other. Here ticks are at least 80 px apart and each label is the clock time
// ("7:53pm", with seconds only when ticks are under a minute apart), the date ("12/7") on a second
// line only at the first tick and where the day changes; a week's ticks are dates alone.
import uPlot from "uplot";

/** Least room between two time ticks, CSS pixels: a two-line label fits at any chart width. */
export const TIME_TICK_SPACE_PX = 80;

const DAY = 86_400;
const day = uPlot.fmtDate("{M}/{D}");
const clock = uPlot.fmtDate("{h}:{mm}{aa}");
const clockSeconds = uPlot.fmtDate("{h}:{mm}:{ss}{aa}");

/** The labels of ticks at `splits` (epoch seconds), `incr` seconds apart. */
export function timeLabels(splits: readonly number[], incr: number): string[] {
  let shownDay = "";
  return splits.map((s) => {
    const d = new Date(s * 1000);
    const date = day(d);
    if (incr >= DAY) return date;
    const time = (incr < 60 ? clockSeconds : clock)(d);
    const label = date === shownDay ? time : `${time}\n${date}`;
    shownDay = date;
    return label;
  });
}

/**
 * A time chart's padding: room on the right for half of the last tick's label, which uPlot centres
 * on its tick and would otherwise cut at the canvas edge ("8:00a"); the y axis makes room on the left.
 */
export const TIME_CHART_PADDING: uPlot.Padding = [null, 32, null, null];

/** The x axis of a time chart. */
export function timeAxis(): uPlot.Axis {
  return { space: TIME_TICK_SPACE_PX, values: (_u, splits, _axis, _space, incr) => timeLabels(splits, incr) };
}
