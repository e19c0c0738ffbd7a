import { describe, expect, it } from "vitest";
import { checkRelationships } from "./check-relationships.js";
import { detectRelationships } from "./detect-relationships.js";
import { parseRelationship, relationshipKey } from "./relationship-text.js";
import { relationshipText, type FactColumn } from "./relationship-types.js";

const codes = (name: string, values: number[]): FactColumn => ({ name, kind: "codes", codes: Int32Array.from(values), nullCode: -1 });
const numbers = (name: string, values: number[], decimals = 0, datetime = false): FactColumn => ({
  name,
  kind: "numbers",
  values: Float64Array.from(values),
  decimals,
  datetime,
});

/** A small seeded generator (a 32-bit LCG), so the table has no accidental arithmetic regularity. */
function lcg(seed: number): (k: number) => number {
  let x = seed >>> 0;
  return (k) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return Math.floor((x / 2 ** 32) * k);
  };
}

/** 1,000 rows: product (10 values) → price, with one exception; total = price × qty; end ≥ start; baskets of 1–3 rows sharing a day. */
function table(): FactColumn[] {
  const n = 1000;
  const product: number[] = [],
    price: number[] = [],
    qty: number[] = [],
    total: number[] = [],
    start: number[] = [],
    end: number[] = [],
    basket: number[] = [],
    day: number[] = [],
    noise: number[] = [];
  const r = lcg(2026);
  let b = 0,
    left = 0,
    d = 0;
  for (let i = 0; i < n; i++) {
    if (left === 0) {
      b++;
      left = 1 + (b % 3);
      d = r(365);
    }
    left--;
    const p = r(10);
    product.push(p);
    price.push(i === 500 ? 9.99 : 1.25 + p * 0.5);
    qty.push(1 + r(4));
    total.push(Math.round(price[i]! * qty[i]! * 100) / 100);
    start.push(r(100));
    end.push(start[i]! + r(13));
    basket.push(b);
    day.push(d);
    noise.push(r(17));
  }
  return [
    codes("product", product),
    numbers("price", price, 2),
    numbers("qty", qty),
    numbers("total", total, 2),
    numbers("start", start),
    numbers("end", end),
    codes("basket", basket),
    numbers("day", day),
    numbers("noise", noise),
  ];
}

describe("detectRelationships", () => {
  it("finds a dependency with its exception rate, arithmetic, an ordering and a grouping, and nothing trivial", () => {
    const found = detectRelationships(table(), 1000, { groupIds: ["basket"] });
    const texts = found.map((d) => relationshipText(d.relationship));
    expect(texts).toContain("product -> price");
    expect(found.find((d) => relationshipText(d.relationship) === "product -> price")!.support).toBeCloseTo(0.999, 6);
    expect(texts).toContain("total = price * qty");
    expect(texts).toContain("end >= start");
    expect(texts).toContain("group by basket (constant: day)");
    // noise ≥ qty holds often but not on 99% of rows; qty ≤ total by arithmetic, left out.
    expect(texts.some((t) => t.includes("noise"))).toBe(false);
  });

  it("leaves out orderings that only say two ranges do not overlap", () => {
    const r = lcg(7);
    const found = detectRelationships(
      [
        numbers(
          "small",
          Array.from({ length: 500 }, () => r(10)),
        ),
        numbers(
          "large",
          Array.from({ length: 500 }, () => 100 + r(50)),
        ),
      ],
      500,
    );
    expect(found).toEqual([]);
  });

  it("does not take a near-unique column as determining everything", () => {
    const n = 400;
    const found = detectRelationships(
      [
        codes(
          "id",
          Array.from({ length: n }, (_, i) => i),
        ),
        codes(
          "colour",
          Array.from({ length: n }, (_, i) => (i * 7) % 3),
        ),
      ],
      n,
    );
    expect(found).toEqual([]);
  });

  it("finds a sum whose operand is zero on over 99% of rows when the sum also holds where it is not, never t = a + 0", () => {
    // birdstrikes: Cost Total $ = Cost Repair + Cost Other, Cost Other zero on 99.3% of rows.
    const n = 2000;
    const r = lcg(11);
    const repair = Array.from({ length: n }, () => (r(10) < 3 ? 0 : 1 + r(900)));
    const other = Array.from({ length: n }, (_, i) => (i % 250 === 7 ? 1 + r(500) : 0));
    const zero = Array.from({ length: n }, () => 0);
    const total = repair.map((x, i) => x + other[i]!);
    const wrong = repair.map((x, i) => (other[i] === 0 ? x : x + 1));
    const found = detectRelationships([numbers("repair", repair), numbers("other", other), numbers("total", total), numbers("zero", zero)], n).map((d) =>
      relationshipText(d.relationship),
    );
    expect(found).toContain("total = repair + other");
    expect(found.filter((t) => t.includes("zero"))).toEqual([]);
    // The same but with the sum wrong on every row where the operand is not zero: still 99.6% of rows, yet it says nothing.
    const none = detectRelationships([numbers("repair", repair), numbers("other", other), numbers("wrong", wrong)], n).map((d) =>
      relationshipText(d.relationship),
    );
    expect(none.filter((t) => t.includes("="))).toEqual([]);
  });
});

describe("checkRelationships", () => {
  it("measures synthetic rows against the real mapping", () => {
    const real = table();
    const found = detectRelationships(real, 1000, { groupIds: ["basket"] }).filter(
      (d) => d.relationship.type === "determines" && d.relationship.from === "product" && d.relationship.to === "price",
    );
    // Synthetic: 4 rows, one with a price the real menu does not give its product.
    const synthetic = [codes("product", [0, 1, 2, 3]), numbers("price", [1.25, 1.75, 9.99, 2.75], 2)];
    const [check] = checkRelationships(found, { columns: real, rows: 1000 }, { columns: synthetic, rows: 4 });
    expect(check!.synthetic).toBe(0.75);
    expect(check!.real).toBeCloseTo(0.999, 6);
  });
});

describe("relationship text", () => {
  it("reads what a user writes, and one key per relationship however written", () => {
    expect(parseRelationship("amount = price × quantity")).toEqual({ type: "arithmetic", target: "amount", left: "price", op: "*", right: "quantity" });
    expect(relationshipKey(parseRelationship("a <= b") as never)).toBe(relationshipKey(parseRelationship("b >= a") as never));
    expect(relationshipKey(parseRelationship("t = a + b") as never)).toBe(relationshipKey(parseRelationship("t = b + a") as never));
    expect(parseRelationship("Cost Total $ -> Cost Repair")).toEqual({ type: "determines", from: "Cost Total $", to: "Cost Repair" });
    expect(parseRelationship("group by order id")).toEqual({ type: "group", by: "order id", constant: [] });
    expect(parseRelationship("a b")).toMatch(/cannot read "a b" as a relationship/);
  });
});
