// Patterns of coffee-sales measured on 100,000 rows at a fixed seed. Tolerances are stated per
// test; at this size a share's standard error is below 0.2 points, so none of them can flake.
import { beforeAll, describe, expect, it } from "vitest";
import { MimicError } from "../../errors/index.js";
import type { ColumnBatch, TableGenerator } from "../batch.js";
import { coffeeSales } from "./coffee-sales.js";
import { column, generate, Offenders, shares, textLines, textRows, type Cell } from "./test-support/rows.js";

const ROWS = 100_000;
const SEED_COLUMNS = ["transaction_id", "date", "time", "product_id", "product", "calories", "price", "type", "quantity", "amount", "payment_type"];
const COLD = new Set(["Iced Coffee", "Frappe", "Smoothie", "Iced Tea", "Lemonade", "Iced Chai"]);

let table: TableGenerator;
let batches: ColumnBatch[];
const col = (name: string): Cell[] => column(table, batches, name);
const cols = <const T extends readonly string[]>(...names: T): { [K in keyof T]: Cell[] } => names.map((n) => col(n)) as { [K in keyof T]: Cell[] };

beforeAll(() => {
  table = coffeeSales.build({}, 42);
  batches = generate(table, ROWS);
});

/** [month 1-12, weekday 0=Sun..6=Sat, day key] of an MM/DD/YYYY day number. */
function calendar(days: number): { month: number; weekday: number } {
  const d = new Date(days * 86_400_000);
  return { month: d.getUTCMonth() + 1, weekday: d.getUTCDay() };
}

describe("coffee-sales shape", () => {
  it("has the seed's columns in the seed's order", () => {
    expect(table.shape.columns.map((c) => c.name)).toEqual(SEED_COLUMNS);
    const types = Object.fromEntries(table.shape.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ date: "date", time: "time", price: "decimal", amount: "decimal", quantity: "int", calories: "int" });
    expect(table.shape.columns.find((c) => c.name === "date")?.format).toBe("MM/DD/YYYY");
  });

  it("matches the golden rows at seed 42", () => {
    expect(textLines(table, batches, 8)).toMatchSnapshot();
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const again = coffeeSales.build({}, 42);
    expect(textRows(again, [again.generateChunk(0, 50)], 50)).toEqual(textRows(table, batches, 50));
    const other = coffeeSales.build({}, 43);
    expect(textRows(other, [other.generateChunk(0, 50)], 50)).not.toEqual(textRows(table, batches, 50));
  });
});

describe("coffee-sales defects fixed", () => {
  it("gives each transaction one unique id whose lines are consecutive and share date, time and payment", () => {
    const [ids, dates, times, payments] = cols("transaction_id", "date", "time", "payment_type");
    const seen = new Set<Cell>();
    const bad = new Offenders();
    let transactions = 0;
    for (let i = 0; i < ids.length; i++) {
      bad.check(/^[0-9a-f]{32}$/.test(ids[i] as string), () => `row ${i}: id ${String(ids[i])}`);
      if (i > 0 && ids[i] === ids[i - 1]) {
        const same = dates[i] === dates[i - 1] && times[i] === times[i - 1] && payments[i] === payments[i - 1];
        bad.check(same, () => `row ${i}: basket line differs from the previous line`);
        continue;
      }
      bad.check(!seen.has(ids[i]!), () => `row ${i}: id ${String(ids[i])} comes back`);
      seen.add(ids[i]!);
      transactions++;
    }
    expect(bad.report()).toEqual({ count: 0, first: [] });
    const meanBasket = ROWS / transactions;
    expect(meanBasket).toBeGreaterThan(1.6);
    expect(meanBasket).toBeLessThan(2.0);
  });

  it("covers every day of 2022, Dec 31 included, and no other", () => {
    const days = new Set(col("date"));
    const first = Date.UTC(2022, 0, 1) / 86_400_000;
    expect(days.size).toBe(365);
    for (let d = first; d < first + 365; d++) expect(days.has(d)).toBe(true);
  });

  it("keeps amount = price × quantity in exact cents, and the menu's facts on every line", () => {
    const [price, quantity, amount, product, id, calories, type] = cols("price", "quantity", "amount", "product", "product_id", "calories", "type");
    const menu = new Map<Cell, string>();
    const bad = new Offenders();
    for (let i = 0; i < ROWS; i++) {
      const cents = Math.round((price[i] as number) * 100) * (quantity[i] as number);
      bad.check(Math.round((amount[i] as number) * 100) === cents, () => `row ${i}: ${String(amount[i])} ≠ ${String(price[i])} × ${String(quantity[i])}`);
      const facts = `${String(id[i])}|${String(price[i])}|${String(calories[i])}|${String(type[i])}`;
      bad.check((menu.get(product[i]!) ?? facts) === facts, () => `row ${i}: ${String(product[i])} is ${facts}`);
      menu.set(product[i]!, facts);
    }
    expect(bad.report()).toEqual({ count: 0, first: [] });
    expect(menu.size).toBe(25);
    expect(menu.get("Latte")).toBe("1|3.5|120|Drink");
    expect(menu.get("Cake")).toBe("25|5.99|512|Food");
  });
});

describe("coffee-sales realism", () => {
  it("has a morning rush (busiest hour 07:00-09:00) and a lunch bump", () => {
    const hours = new Array<number>(24).fill(0);
    for (const t of col("time")) hours[Math.floor((t as number) / 3600)]!++;
    expect(
      hours
        .slice(0, 6)
        .concat(hours.slice(21))
        .every((n) => n === 0),
    ).toBe(true);
    const busiest = hours.indexOf(Math.max(...hours));
    expect([7, 8]).toContain(busiest);
    expect(hours[12]!).toBeGreaterThan(1.2 * hours[10]!);
    expect(hours[12]!).toBeGreaterThan(1.2 * hours[15]!);
  });

  it("sells more on a weekday than on a weekend day", () => {
    const perWeekday = new Array<number>(7).fill(0);
    const daysPerWeekday = new Array<number>(7).fill(0);
    const first = Date.UTC(2022, 0, 1) / 86_400_000;
    for (let d = first; d < first + 365; d++) daysPerWeekday[calendar(d).weekday]!++;
    for (const d of col("date")) perWeekday[calendar(d as number).weekday]!++;
    const rate = (w: number): number => perWeekday[w]! / daysPerWeekday[w]!;
    const midweek = (rate(1) + rate(2) + rate(3) + rate(4)) / 4;
    expect(midweek / rate(0)).toBeGreaterThan(1.3); // Sunday ×0.7
    expect(midweek / rate(6)).toBeGreaterThan(1.1); // Saturday ×0.85
  });

  it("sells iced drinks in summer (July share ≥ 2× January's) and hot drinks in winter", () => {
    const [dates, products, types] = cols("date", "product", "type");
    const drinks = new Array<number>(13).fill(0);
    const cold = new Array<number>(13).fill(0);
    for (let i = 0; i < ROWS; i++) {
      if (types[i] !== "Drink") continue;
      const m = calendar(dates[i] as number).month;
      drinks[m]!++;
      if (COLD.has(products[i] as string)) cold[m]!++;
    }
    const share = (m: number): number => cold[m]! / drinks[m]!;
    expect(share(7) / share(1)).toBeGreaterThanOrEqual(2);
    expect(share(1)).toBeLessThan(0.25);
    expect(share(7)).toBeGreaterThan(0.45);
  });

  it("sells lunch food at lunch time", () => {
    const [times, types, products] = cols("time", "type", "product");
    let lunchRows = 0;
    let lunchFood = 0;
    let morningRows = 0;
    let morningFood = 0;
    let lunchItems = 0;
    for (let i = 0; i < ROWS; i++) {
      const h = Math.floor((times[i] as number) / 3600);
      if (h >= 11 && h < 14) {
        lunchRows++;
        if (types[i] === "Food") lunchFood++;
        if (["Sandwich", "Wrap", "Salad"].includes(products[i] as string)) lunchItems++;
      } else if (h < 11) {
        morningRows++;
        if (types[i] === "Food") morningFood++;
      }
    }
    expect(lunchFood / lunchRows).toBeGreaterThan(morningFood / morningRows + 0.15);
    expect(lunchItems / lunchFood).toBeGreaterThan(0.4);
  });

  it("uses the payment-type shares per transaction, within 1.5 points", () => {
    const [ids, payments] = cols("transaction_id", "payment_type");
    const perTransaction = payments.filter((_, i) => i === 0 || ids[i] !== ids[i - 1]);
    const observed = shares(perTransaction);
    const expected = { Credit: 34, Debit: 22, "Apple Pay": 15, Cash: 12, "Google Pay": 6, "Gift card": 6, Venmo: 5 };
    for (const [label, pct] of Object.entries(expected)) expect(Math.abs(observed.get(label)! * 100 - pct)).toBeLessThan(1.5);
  });
});

describe("coffee-sales options", () => {
  it("honours a date range (a leap day included) and several stores", () => {
    const t = coffeeSales.build({ "start-date": "2024-02-01", "end-date": "2024-02-29", stores: "3" }, 7);
    const b = generate(t, 20_000);
    expect(t.shape.columns.map((c) => c.name).slice(0, 3)).toEqual(["transaction_id", "store_id", "date"]);
    const days = new Set(column(t, b, "date"));
    expect(days.size).toBe(29);
    expect(days.has(Date.UTC(2024, 1, 29) / 86_400_000)).toBe(true);
    const stores = shares(column(t, b, "store_id"));
    expect([...stores.keys()].sort()).toEqual([1, 2, 3]);
    expect(stores.get(1)!).toBeGreaterThan(stores.get(3)!);
  });

  it("takes payment-type shares", () => {
    const t = coffeeSales.build({ "payment-types": "Cash=1,Venmo=0" }, 1);
    expect(new Set(column(t, generate(t, 2000), "payment_type"))).toEqual(new Set(["Cash"]));
  });

  it("lists every bad option at once", () => {
    let error: unknown;
    try {
      coffeeSales.build({ "start-date": "2022-02-30", stores: "0", "payment-types": "Cash", colour: "red" }, 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MimicError);
    const e = error as MimicError;
    expect(e.code).toBe("DATASET_OPTION_INVALID");
    expect(e.issues.map((i) => i.path).sort()).toEqual(["--colour", "--payment-types", "--start-date", "--stores"]);
    expect(e.message).toMatch(/--stores must be a whole number from 1/);
  });

  it("reports an impossible date once, not also as a range that ends before it", () => {
    // Date.parse reads 2023-02-30 as March 2, which lies after the default end date.
    let error: unknown;
    try {
      coffeeSales.build({ "start-date": "2023-02-30" }, 1);
    } catch (e) {
      error = e;
    }
    expect((error as MimicError).issues.map((i) => `${i.path} ${i.code}`)).toEqual(["--start-date bad_date"]);
  });

  it("refuses an end date before the start date", () => {
    expect(() => coffeeSales.build({ "start-date": "2023-05-01", "end-date": "2023-04-30" }, 1)).toThrow(/before --start-date/);
  });
});
