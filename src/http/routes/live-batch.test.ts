// The live feed's columnar event, read back by the dashboard's decoder (dashboard/src/live-batch.ts):
// what the server writes is what the page reads, reading for reading.
import fc from "fast-check";
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

  it("writes a steady stream in a few bytes a reading: deltas, steps of the sensor's resolution, one character a boolean", () => {
    const batch = new LiveBatch();
    const readings: Reading[] = [];
    // 8 devices each reading every 2 s for a minute, as one event.
    for (let i = 0; i < 240; i++) readings.push(dht(`rp${i % 8}`, T + Math.floor(i / 8) * 2, 20 + (i % 7) / 10, 40 + (i % 5)));
    for (let i = 0; i < 240; i++) readings.push(pir(`rp${i % 8}`, T + Math.floor(i / 8) * 2, i % 3 === 0));
    batch.add(readings);
    const data = dataOf(batch.event());
    const rp0 = data.groups.find((g) => g.device === "rp0" && g.kind === "DHT22")!;
    expect(rp0).toMatchObject({ t: [0, ...Array(29).fill(2000)] });
    // rp0 reads i = 0, 8, 16, …: 20.0, 20.1, 20.2, … in tenths, each the one before plus one (or minus six).
    expect(data.scale).toEqual({ DHT22: { temperature: 10, humidity: 10 } });
    expect(rp0.fields["temperature"]).toEqual([200, ...Array.from({ length: 29 }, (_, k) => ((k + 1) % 7 === 0 ? -6 : 1))]);
    expect(data.groups.find((g) => g.device === "rp0" && g.kind === "PIR")?.fields["motion"]).toMatch(/^[01]{30}$/);
    const bytes = batch.event()!.length;
    const asObjects = Buffer.byteLength(`event: readings\ndata: ${JSON.stringify(readings.map(shown))}\n\n`);
    expect(bytes / readings.length).toBeLessThan(11);
    expect(bytes / asObjects).toBeLessThan(0.14);
  });

  it("sends a column as decimals when a value is finer than the sensor reads, so nothing ingest stored is lost", () => {
    const batch = new LiveBatch();
    // 21.53 is not a whole number of tenths; 0.1 + 0.2 is not the double nearest 0.3, which 3 / 10 gives.
    const readings = [dht("rp1", T, 21.5, 40), dht("rp1", T + 1, 21.53, 40.1), dht("rp2", T, 0.1 + 0.2, 40), dht("rp3", T, 1e300, -2.5)];
    batch.add(readings);
    const data = dataOf(batch.event());
    const fields = (device: string) => data.groups.find((g) => g.device === device)!.fields;
    expect(fields("rp1")).toEqual({ temperature: { values: [21.5, 21.53] }, humidity: [400, 1] });
    expect(fields("rp2")["temperature"]).toEqual({ values: [0.1 + 0.2] });
    expect(fields("rp3")).toEqual({ temperature: { values: [1e300] }, humidity: [-25] });
    expect(page.readingsOf(data)).toEqual(readings.map(shown));
  });

  it("reads back every reading exactly, whatever the values (property)", () => {
    // Mostly values at the DHT22's resolution, negative ones included; sometimes any double JSON can carry.
    const tenths = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((k) => k / 10);
    const value = fc.oneof({ arbitrary: tenths, weight: 4 }, { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 });
    const device = fc.constantFrom("rp1", "rp2", "rp3");
    const ms = fc.integer({ min: -86_400_000, max: 86_400_000 });
    const reading = fc.oneof(
      fc.tuple(device, ms, value, value).map(([d, t, temperature, humidity]) => dht(d, T + t / 1000, temperature, humidity)),
      fc.tuple(device, ms, fc.boolean()).map(([d, t, on]) => pir(d, T + t / 1000, on)),
      fc.tuple(device, ms, fc.boolean()).map(([d, t, on]) => light(d, T + t / 1000, on)),
    );
    // JSON has no -0: like any JSON number, it reads back as 0.
    const json = (r: Reading) => ({ ...shown(r), timestamp: Math.round(r.timestamp * 1000) / 1000, data: JSON.parse(JSON.stringify(r.data)) as unknown });
    fc.assert(
      fc.property(fc.array(fc.array(reading, { maxLength: 20 }), { minLength: 1, maxLength: 4 }), (requests) => {
        const batch = new LiveBatch();
        for (const request of requests) batch.add(request);
        const all = requests.flat();
        const key = (r: { device: string; kind: string }) => `${r.device} ${r.kind}`;
        const byGroup = <R extends { device: string; kind: string }>(rs: readonly R[]) =>
          [...rs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
        const read = batch.empty ? [] : byGroup(page.readingsOf(dataOf(batch.event()))!);
        expect(read).toEqual(byGroup(all.map(json)));
        for (const d of ["rp1", "rp2", "rp3"]) {
          const event = batch.event(d);
          expect(event === undefined ? [] : byGroup(page.readingsOf(dataOf(event))!)).toEqual(byGroup(all.filter((r) => r.device === d).map(json)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("reads the event shown in docs/dashboard.md", () => {
    const data = `{"v":3,"t0":1796000000250,"scale":{"DHT22":{"temperature":10,"humidity":10}},"groups":[{"device":"rp1","kind":"DHT22","t":[0,2000,2000],"fields":{"temperature":[215,0,1],"humidity":{"values":[40,40.2,40.15]}}},{"device":"rp1","kind":"PIR","t":[500],"fields":{"motion":"1"}}]}`;
    expect(page.readingsOf(JSON.parse(data) as page.LiveBatch)).toEqual([
      { device: "rp1", kind: "DHT22", timestamp: 1796000000.25, data: { temperature: 21.5, humidity: 40 } },
      { device: "rp1", kind: "DHT22", timestamp: 1796000002.25, data: { temperature: 21.5, humidity: 40.2 } },
      { device: "rp1", kind: "DHT22", timestamp: 1796000004.25, data: { temperature: 21.6, humidity: 40.15 } },
      { device: "rp1", kind: "PIR", timestamp: 1796000000.75, data: { motion: true } },
    ]);
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
    expect(page.readingsOf({ v: LIVE_FORMAT_VERSION + 1, t0: 0, scale: {}, groups: [] })).toBeUndefined();
  });
});
