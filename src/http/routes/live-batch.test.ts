// The live feed's columnar event, read back by the dashboard's decoder (dashboard/src/live-batch.ts):
// what the server writes is what the page reads, reading for reading.
import { describe, expect, it } from "vitest";
import * as page from "../../../dashboard/src/live-batch.js";
import type { Reading } from "../../sensors/reading.js";
import { LIVE_EVENT, LIVE_FORMAT_VERSION, LiveBatch } from "./live-batch.js";

const T = 1_796_000_000;
let n = 0;
const dht = (device: string, timestamp: number, temperature: number, humidity: number): Reading => ({
  id: `r${n++}`,
  device,
  kind: "DHT22",
  typeLabel: "DHT22",
  timestamp,
  receivedAt: timestamp * 1000,
  data: { temperature, humidity },
});
const pir = (device: string, timestamp: number, motion: boolean): Reading => ({
  id: `r${n++}`,
  device,
  kind: "PIR",
  typeLabel: "Onyehn_PIR",
  timestamp,
  receivedAt: timestamp * 1000,
  data: { motion },
});
const light = (device: string, timestamp: number, on: boolean): Reading => ({
  ...pir(device, timestamp, on),
  kind: "LIGHT",
  typeLabel: "Anmbest_MD46N",
  data: { light: on },
});

/** What the query API and the old feed showed of a reading. */
const shown = (r: Reading) => ({ device: r.device, kind: r.kind, timestamp: r.timestamp, data: r.data });

/** The event's `data` line, parsed. */
function dataOf(event: Buffer | undefined): page.LiveBatch {
  const text = event!.toString("utf8");
  expect(text).toMatch(/^event: batch\ndata: [^\n]*\n\n$/);
  return JSON.parse(text.slice(text.indexOf("data: ") + 6)) as page.LiveBatch;
}

describe("LiveBatch", () => {
  it("the page reads every reading back: each device's and sensor's in order, times to the millisecond, booleans as booleans", () => {
    const readings = [
      dht("rp1", T + 0.25, 21.5, 40),
      pir("rp2", T + 0.5, true),
      dht("rp1", T + 1.125, -3.25, 99.9),
      light("rp2", T + 2, false),
      pir("rp2", T + 3, false),
      // Out of order (a device resending after an outage): the time before it is later, the delta negative.
      dht("rp1", T - 60, 0.1 + 0.2, 0),
      pir("rp2", T + 4, true),
    ];
    const batch = new LiveBatch();
    batch.add(readings.slice(0, 3));
    batch.add(readings.slice(3));
    const read = page.readingsOf(dataOf(batch.event()));
    const byGroup = (rs: readonly { device: string; kind: string }[]) => [...rs].sort((a, b) => `${a.device}${a.kind}`.localeCompare(`${b.device}${b.kind}`));
    expect(byGroup(read!)).toEqual(byGroup(readings.map(shown)));
    // Within a group the order is the order accepted.
    expect(read!.filter((r) => r.kind === "PIR").map((r) => r.data["motion"])).toEqual([true, false, true]);
  });

  it("rounds a time finer than a millisecond to the millisecond", () => {
    const batch = new LiveBatch();
    batch.add([dht("rp1", T + 0.123456, 20, 50)]);
    expect(page.readingsOf(dataOf(batch.event()))![0]!.timestamp).toBe(T + 0.123);
  });

  it("writes a steady stream in a few bytes a reading: deltas, digits the values carry, one character a boolean", () => {
    const batch = new LiveBatch();
    const readings: Reading[] = [];
    // 8 devices each reading every 2 s for a minute, as one event.
    for (let i = 0; i < 240; i++) readings.push(dht(`rp${i % 8}`, T + Math.floor(i / 8) * 2, 20 + (i % 7) / 10, 40 + (i % 5)));
    for (let i = 0; i < 240; i++) readings.push(pir(`rp${i % 8}`, T + Math.floor(i / 8) * 2, i % 3 === 0));
    batch.add(readings);
    const data = dataOf(batch.event());
    expect(data.groups.find((g) => g.device === "rp0" && g.kind === "DHT22")).toMatchObject({ t: [0, ...Array(29).fill(2000)] });
    expect(data.groups.find((g) => g.device === "rp0" && g.kind === "PIR")?.fields["motion"]).toMatch(/^[01]{30}$/);
    const bytes = batch.event()!.length;
    const asObjects = Buffer.byteLength(`event: readings\ndata: ${JSON.stringify(readings.map(shown))}\n\n`);
    expect(bytes / readings.length).toBeLessThan(12);
    expect(bytes / asObjects).toBeLessThan(0.15);
  });

  it("gives a device's event only its readings, the same bytes each time asked, and none for a device that sent nothing", () => {
    const batch = new LiveBatch();
    batch.add([dht("rp1", T, 20, 50), dht("rp2", T + 1, 21, 51), pir("rp1", T + 2, true)]);
    const mine = batch.event("rp1");
    expect(page.readingsOf(dataOf(mine))!.map((r) => [r.device, r.kind])).toEqual([
      ["rp1", "DHT22"],
      ["rp1", "PIR"],
    ]);
    expect(batch.event("rp1")).toBe(mine);
    expect(batch.event("rp3")).toBeUndefined();
    // A later add is in the next event asked for.
    batch.add([dht("rp3", T + 3, 22, 52)]);
    expect(page.readingsOf(dataOf(batch.event("rp3")))).toHaveLength(1);
  });

  it("is nothing until a reading is added", () => {
    const batch = new LiveBatch();
    expect(batch.empty).toBe(true);
    expect(batch.event()).toBeUndefined();
  });

  it("is the version the page reads, under the name it listens for; the page refuses another version", () => {
    expect([page.LIVE_EVENT, page.LIVE_FORMAT_VERSION]).toEqual([LIVE_EVENT, LIVE_FORMAT_VERSION]);
    expect(page.readingsOf({ v: LIVE_FORMAT_VERSION + 1, t0: 0, groups: [] })).toBeUndefined();
  });
});
