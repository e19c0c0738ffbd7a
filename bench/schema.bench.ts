// Compiled schema generation (columnar, typed arrays) vs the same coffee-shop table built the
// naive way, one object per row, in the same run. Generation only: writers have their own bench.
//   npm run bench -- schema
import { faker } from "@faker-js/faker";
import { compileSchema, createRandom, type Random } from "../src/synth/index.js";
import { getDataset } from "../src/synth/datasets/index.js";
import { coffeeSchema } from "../src/synth/schema/test-support/coffee-schema.js";

const ROWS = 400_000;
const MENU = coffeeSchema.data.menu.records;
const PAYMENTS = ["Cash", "Credit", "Debit", "Gift card", "Apple Pay", "Google Pay", "Venmo"];

function time(label: string, rows: number, f: () => void): number {
  f(); // warm-up
  const runs: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    f();
    runs.push(performance.now() - t0);
  }
  const best = Math.min(...runs);
  const rate = rows / (best / 1000);
  console.log(`${label.padEnd(44)} ${(rate / 1e6).toFixed(2).padStart(6)} M rows/s  (best of 3: ${best.toFixed(0)} ms for ${rows} rows)`);
  return rate;
}

// The engine: whole chunks of columns.
const table = compileSchema(coffeeSchema, { seed: 42 });
const engine = (): void => {
  let sink = 0;
  for (let k = 0; k * table.chunkSize < ROWS; k++) sink += table.generateChunk(k, Math.min(table.chunkSize, ROWS - k * table.chunkSize)).length;
  if (sink !== ROWS) throw new Error("row count");
};

// The built-in coffee-sales dataset (heavier: switches, time-of-day product mixes).
const dataset = getDataset("coffee-sales").build({}, 42);
const builtIn = (): void => {
  let sink = 0;
  for (let k = 0; k * dataset.chunkSize < ROWS; k++) sink += dataset.generateChunk(k, Math.min(dataset.chunkSize, ROWS - k * dataset.chunkSize)).length;
  if (sink !== ROWS) throw new Error("row count");
};

// Naive: one object per row, seeded, with the same columns and a similar basket structure.
const hex = (rng: Random, n: number): string => {
  let s = "";
  for (let i = 0; i < n; i++) s += "0123456789abcdef"[rng.int(0, 15)];
  return s;
};
const naive = (): void => {
  const rng = createRandom(42);
  const rows: Record<string, unknown>[] = [];
  const start = Date.UTC(2022, 0, 1);
  while (rows.length < ROWS) {
    const tx = hex(rng, 32);
    const date = new Date(start + rng.int(0, 364) * 86_400_000);
    const seconds = rng.int(6 * 3600, 21 * 3600 - 1);
    const payment = PAYMENTS[rng.int(0, PAYMENTS.length - 1)];
    const basket = 1 + Math.floor(rng.next() * 4);
    for (let b = 0; b < basket && rows.length < ROWS; b++) {
      const item = MENU[rng.int(0, MENU.length - 1)]!;
      const quantity = rng.int(1, 3);
      rows.push({
        transaction_id: tx,
        date: `${String(date.getUTCMonth() + 1).padStart(2, "0")}/${String(date.getUTCDate()).padStart(2, "0")}/${date.getUTCFullYear()}`,
        time: `${String(Math.floor(seconds / 3600)).padStart(2, "0")}:${String(Math.floor(seconds / 60) % 60).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`,
        ...item,
        quantity,
        amount: Math.round(item.price * quantity * 100) / 100,
        payment_type: payment,
      });
    }
  }
};

// Faker: the idiomatic per-row generator.
const fakerRows = (): void => {
  faker.seed(42);
  const rows: Record<string, unknown>[] = [];
  const from = new Date("2022-01-01T00:00:00Z");
  const to = new Date("2022-12-31T23:59:59Z");
  while (rows.length < ROWS) {
    const tx = faker.string.hexadecimal({ length: 32, prefix: "", casing: "lower" });
    const date = faker.date.between({ from, to });
    const payment = faker.helpers.arrayElement(PAYMENTS);
    const basket = faker.number.int({ min: 1, max: 4 });
    for (let b = 0; b < basket && rows.length < ROWS; b++) {
      const item = faker.helpers.arrayElement(MENU);
      const quantity = faker.number.int({ min: 1, max: 3 });
      rows.push({
        transaction_id: tx,
        date: date.toISOString().slice(0, 10),
        time: date.toISOString().slice(11, 19),
        ...item,
        quantity,
        amount: item.price * quantity,
        payment_type: payment,
      });
    }
  }
};

console.log(`coffee-like table, ${ROWS} rows, generation only (no serialisation)`);
const e = time("compiled schema (generateChunk, columnar)", ROWS, engine);
const d = time("built-in coffee-sales dataset (generateChunk)", ROWS, builtIn);
const n = time("naive per-row objects (seeded Random)", ROWS, naive);
const f = time("faker per-row objects", ROWS, fakerRows);
console.log(`ratio engine / naive: ${(e / n).toFixed(2)}×`);
console.log(`ratio engine / faker: ${(e / f).toFixed(2)}×`);
console.log(`ratio coffee-sales dataset / faker: ${(d / f).toFixed(2)}×`);
