// The live feed (server-sent events). EventSource reconnects by itself after a drop; the header
// badge says whether the page is live.
import type { LiveReading } from "./api.js";

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
  source.addEventListener("readings", (e) => onReadings(JSON.parse((e as MessageEvent<string>).data) as LiveReading[]));
  return () => source.close();
}
