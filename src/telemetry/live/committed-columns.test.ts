import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Reading, SensorKind } from "../../sensors/index.js";
import { CommittedColumns } from "./committed-columns.js";

function reading(device: string, kind: SensorKind, t: number): Reading {
  const data = kind === "DHT22" ? { temperature: t / 10, humidity: t / 100 } : { value: true };
  return { id: `${device}@${t}`, device, kind, typeLabel: kind, timestamp: t, receivedAt: t * 1000 + 250, data } as Reading;
}

interface Seen {
  device: string;
  kind: SensorKind;
  committedAt: number;
  t: number;
  temperature: number | undefined;
  arrival: number;
}

/** Takes up to `budget` waiting readings run by run, as LiveDetection judges them. */
function take(q: CommittedColumns, budget: number): Seen[] {
  const out: Seen[] = [];
  while (budget > 0 && q.size > 0) {
    const to = Math.min(q.runEnd, q.head + budget);
    for (let p = q.head; p < to; p++) {
      const i = p & q.mask;
      out.push({
        device: q.runDevice,
        kind: q.runKind,
        committedAt: q.runCommittedAt,
        t: q.t[i]!,
        temperature: q.runKind === "DHT22" ? q.temperature[i] : undefined,
        arrival: q.arrival[i]!,
      });
    }
    budget -= to - q.head;
    q.consume(to);
  }
  return out;
}

const expected = (r: Reading, committedAt: number): Seen => ({
  device: r.device,
  kind: r.kind,
  committedAt,
  t: r.timestamp,
  temperature: r.kind === "DHT22" ? (r.data as { temperature: number }).temperature : undefined,
  arrival: r.receivedAt / 1000,
});

describe("CommittedColumns", () => {
  it("splits a delivery into runs of one sensor, and a run resumes where judging stopped", () => {
    const q = new CommittedColumns(4);
    const first = [reading("a", "DHT22", 1), reading("a", "DHT22", 2), reading("a", "PIR", 3), reading("b", "PIR", 4), reading("b", "PIR", 5)];
    q.append(first, 1000);
    q.append([reading("b", "PIR", 6)], 2000); // same sensor, another delivery: another run
    expect(q.size).toBe(6);
    const runs: [string, SensorKind, number, number, number][] = [];
    while (q.size > 0) {
      runs.push([q.runDevice, q.runKind, q.head, q.runEnd, q.deliveryEnd]);
      q.consume(Math.min(q.runEnd, q.head + 1)); // one reading at a time: a run is resumed
    }
    expect(runs).toEqual([
      ["a", "DHT22", 0, 2, 5],
      ["a", "DHT22", 1, 2, 5],
      ["a", "PIR", 2, 3, 5],
      ["b", "PIR", 3, 5, 5],
      ["b", "PIR", 4, 5, 5],
      ["b", "PIR", 5, 6, 6],
    ]);
  });

  it("keeps every waiting reading in order when it grows around the end of its ring", () => {
    const q = new CommittedColumns(4);
    const a = [1, 2, 3].map((t) => reading("a", "DHT22", t));
    const b = [4, 5, 6, 7, 8].map((t) => reading("b", "DHT22", t));
    q.append(a, 1);
    expect(take(q, 2).map((s) => s.t)).toEqual([1, 2]);
    q.append(b, 2); // 6 waiting: past the 4 slots, with the oldest at slot 2
    expect(q.mask).toBe(7);
    expect(take(q, Number.POSITIVE_INFINITY)).toEqual([expected(a[2]!, 1), ...b.map((r) => expected(r, 2))]);
  });

  it("skips to the end of a delivery", () => {
    const q = new CommittedColumns();
    q.append([reading("a", "DHT22", 1), reading("b", "DHT22", 2)], 1);
    q.append([reading("c", "DHT22", 3)], 2);
    q.consume(q.deliveryEnd);
    expect(take(q, 10).map((s) => s.device)).toEqual(["c"]);
  });

  it("takes all of a delivery or none of it", () => {
    const q = new CommittedColumns();
    q.append([reading("a", "DHT22", 1)], 1);
    const broken = { ...reading("b", "DHT22", 3), data: undefined } as unknown as Reading;
    expect(() => q.append([reading("b", "DHT22", 2), broken], 2)).toThrow(TypeError);
    q.append([reading("c", "DHT22", 4)], 3);
    expect(take(q, 10).map((s) => [s.device, s.t])).toEqual([
      ["a", 1],
      ["c", 4],
    ]);
  });

  it("gives back what was appended, in order, whatever the deliveries and budgets (property)", () => {
    const step = fc.oneof(
      fc.record({
        append: fc.array(fc.record({ device: fc.constantFrom("a", "b", "c"), kind: fc.constantFrom<SensorKind>("DHT22", "PIR") }), {
          minLength: 1,
          maxLength: 40,
        }),
      }),
      fc.record({ take: fc.integer({ min: 1, max: 50 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.integer({ min: 1, max: 64 }), (steps, capacity) => {
        const q = new CommittedColumns(capacity);
        const model: Seen[] = [];
        let t = 0;
        let delivery = 0;
        for (const s of steps) {
          if ("append" in s) {
            delivery++;
            const readings = s.append.map((x) => reading(x.device, x.kind, ++t));
            q.append(readings, delivery);
            model.push(...readings.map((r) => expected(r, delivery)));
          } else expect(take(q, s.take)).toEqual(model.splice(0, s.take));
          expect(q.size).toBe(model.length);
        }
        expect(take(q, Number.POSITIVE_INFINITY)).toEqual(model);
      }),
    );
  });
});
