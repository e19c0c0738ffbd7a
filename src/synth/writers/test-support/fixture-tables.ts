// TableGenerator fixtures for the writer, parallel and generate tests and the benchmark: every
// column type, awkward strings, nulls, and a coffee-sales-like table. Test support only (not built).
import type { ColumnBatch, ColumnVector, TableGenerator } from "../../batch.js";
import { createRandom } from "../../../random/index.js";

const LABELS = ["plain", 'has "quotes"', "comma, inside", "line\nbreak", "crlf\r\nbreak", "ünïcödé ☕", "", " spaced "];
const CATEGORIES = ["Drink", "Food", "Merch"];

/** Every column type, with quotes, commas, newlines, unicode, negatives and nulls in it. */
export function allTypesTable(seed: number | string, chunkSize = 1000): TableGenerator {
  const root = createRandom(seed);
  return {
    shape: {
      name: "all_types",
      columns: [
        { name: "id", type: "int" },
        { name: "label", type: "string" },
        { name: "category", type: "string" },
        { name: "price", type: "decimal", scale: 2 },
        { name: "ratio", type: "float" },
        { name: "rounded", type: "float", scale: 3 },
        { name: "flag", type: "bool" },
        { name: "day", type: "date", format: "MM/DD/YYYY" },
        { name: "iso_day", type: "date" },
        { name: "clock", type: "time", format: "HH:mm:ss" },
        { name: "stamp", type: "datetime" },
        { name: "maybe", type: "int", nullable: true },
      ],
    },
    chunkSize,
    generateChunk(chunkIndex, length): ColumnBatch {
      const r = (column: string) => root.fork("all_types", column, chunkIndex);
      const first = chunkIndex * chunkSize;
      const id = new Float64Array(length);
      const label: string[] = [];
      const codes = new Uint32Array(length);
      const price = new Float64Array(length);
      const ratio = new Float64Array(length);
      const rounded = new Float64Array(length);
      const flag = new Uint8Array(length);
      const day = new Float64Array(length);
      const clock = new Float64Array(length);
      const stamp = new Float64Array(length);
      const maybe = new Float64Array(length);
      const nulls = new Uint8Array(length);
      const [rl, rc, rp, rr, rf, rd, rt, rs, rm] = ["label", "category", "price", "ratio", "flag", "day", "clock", "stamp", "maybe"].map(r);
      for (let i = 0; i < length; i++) {
        id[i] = first + i + 1;
        label.push(LABELS[rl!.int(0, LABELS.length - 1)]!);
        codes[i] = rc!.int(0, CATEGORIES.length - 1);
        price[i] = rp!.int(-100_000, 10_000_000); // cents, negatives included
        ratio[i] = (rr!.next() - 0.5) * 1e6;
        rounded[i] = rr!.next() * 100;
        flag[i] = rf!.int(0, 1);
        day[i] = rd!.int(-719_000, 2_932_000); // years 0001 to 9999
        clock[i] = rt!.int(0, 86_399);
        stamp[i] = rs!.int(0, 2_000_000_000) * 1000 + rs!.int(0, 999);
        maybe[i] = rm!.int(-5, 5);
        nulls[i] = maybe[i]! < 0 ? 1 : 0;
      }
      const columns: ColumnVector[] = [
        { values: id },
        { values: label },
        { values: { kind: "dictionary", codes, dictionary: CATEGORIES } },
        { values: price },
        { values: ratio },
        { values: rounded },
        { values: flag },
        { values: day },
        { values: day },
        { values: clock },
        { values: stamp },
        { values: maybe, nulls },
      ];
      return { length, chunkIndex, columns };
    },
  };
}

const PRODUCTS = ["Latte", "Cappuccino", "Americano", "Espresso", "Mocha", "Iced Coffee", "Croissant", "Bagel", "Muffin", "Sandwich"];
const PRICES = [350, 300, 250, 200, 400, 250, 299, 349, 399, 699];
const CALORIES = [120, 100, 5, 10, 250, 80, 231, 289, 426, 512];
const TYPES = ["Drink", "Food"];
const PAYMENTS = ["Cash", "Credit", "Debit", "Gift card", "Apple Pay", "Google Pay", "Venmo"];
const HEX = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));

/** The coffee-sales columns with uniform draws: a stand-in of the real dataset's cost per row. */
export function coffeeLikeTable(seed: number | string, chunkSize = 65_536): TableGenerator {
  const root = createRandom(seed);
  return {
    shape: {
      name: "coffee_like",
      columns: [
        { name: "transaction_id", type: "string" },
        { name: "date", type: "date", format: "MM/DD/YYYY" },
        { name: "time", type: "time", format: "HH:mm:ss" },
        { name: "product_id", type: "int" },
        { name: "product", type: "string" },
        { name: "calories", type: "int" },
        { name: "price", type: "decimal", scale: 2 },
        { name: "type", type: "string" },
        { name: "quantity", type: "int" },
        { name: "amount", type: "decimal", scale: 2 },
        { name: "payment_type", type: "string" },
      ],
    },
    chunkSize,
    generateChunk(chunkIndex, length) {
      const r = (column: string) => root.fork("coffee_like", column, chunkIndex);
      const [rid, rd, rt, rp, rq, rpay] = ["transaction_id", "date", "time", "product", "quantity", "payment_type"].map(r);
      const ids: string[] = new Array<string>(length);
      const date = new Float64Array(length);
      const time = new Float64Array(length);
      const productId = new Float64Array(length);
      const product = new Uint32Array(length);
      const calories = new Float64Array(length);
      const price = new Float64Array(length);
      const type = new Uint32Array(length);
      const quantity = new Float64Array(length);
      const amount = new Float64Array(length);
      const payment = new Uint32Array(length);
      const hex = new Array<number>(32);
      for (let i = 0; i < length; i++) {
        for (let k = 0; k < 4; k++) {
          let w = rid!.uint32();
          for (let d = 0; d < 8; d++, w >>>= 4) hex[k * 8 + d] = HEX[w & 15]!;
        }
        // One flat string per id (repeated += would build a 32-node rope per id).
        ids[i] = String.fromCharCode(...hex);
        date[i] = 18_993 + rd!.int(0, 364); // 2022
        time[i] = rt!.int(6 * 3600, 21 * 3600 - 1);
        const p = rp!.int(0, PRODUCTS.length - 1);
        productId[i] = p + 1;
        product[i] = p;
        calories[i] = CALORIES[p]!;
        price[i] = PRICES[p]!;
        type[i] = p < 6 ? 0 : 1;
        quantity[i] = rq!.int(1, 3);
        amount[i] = PRICES[p]! * quantity[i]!;
        payment[i] = rpay!.int(0, PAYMENTS.length - 1);
      }
      const dict = (codes: Uint32Array, dictionary: readonly string[]): ColumnVector => ({ values: { kind: "dictionary", codes, dictionary } });
      return {
        length,
        chunkIndex,
        columns: [
          { values: ids },
          { values: date },
          { values: time },
          { values: productId },
          dict(product, PRODUCTS),
          { values: calories },
          { values: price },
          dict(type, TYPES),
          { values: quantity },
          { values: amount },
          dict(payment, PAYMENTS),
        ],
      };
    },
  };
}
