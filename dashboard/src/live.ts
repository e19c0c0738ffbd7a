// The live feed (server-sent events). EventSource reconnects by itself after a drop; the header
// badge says whether the page is live.
import type { LiveReading } from "./api.js";
import { LIVE_EVENT, readingsOf, type LiveBatch } from "./live-batch.js";

export type LiveListener = (readings: LiveReading[]) => void;

/** Opens `/v1/live` (for one device or all) and calls `onReadings` with each event's readings. */
export function openLive(device: string | undefined, onReadings: LiveListener): () => void {
  const url = device === undefined ? "/v1/live" : `/v1/live?device=${encodeURIComponent(device)}`;
  const source = new EventSource(url);
  const badge = document.getElementById("live-state");
  const show = (text: string, on: boolean): void => {
    if (!badge) return;
    badge.textContent = text;
    badge.classList.toggle("on", on);
  };
  source.addEventListener("open", () => show("live", true));
  source.addEventListener("error", () => show(source.readyState === EventSource.CLOSED ? "offline" : "reconnecting…", false));
  source.addEventListener(LIVE_EVENT, (e) => {
    const readings = readingsOf(JSON.parse((e as MessageEvent<string>).data) as LiveBatch);
    // A server newer than this page sends a format it cannot read: say so rather than show nothing.
    if (readings === undefined) {
      source.close();
      show("reload the page", false);
      return;
    }
    onReadings(readings);
  });
  return () => source.close();
}
