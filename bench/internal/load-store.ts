// Loads a readings CSV (`mimic generate iot` or `mimic query --format csv`) of DHT22 readings into
// a SQLite store, to measure `mimic analyze --data-dir` on it (docs/benchmarks.md):
//   node --import tsx bench/internal/load-store.ts fleet1m.csv store1m
// Batches are appended as the file streams (the inline store writes synchronously), so the loader's
// own memory stays bounded.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { streamReadingsCsvFile } from "../../src/cli/internal/readings-csv.js";
import type { Reading } from "../../src/sensors/reading.js";
import { openSqliteStore } from "../../src/telemetry/adapters/index.js";

const [csv, dir] = process.argv.slice(2);
if (csv === undefined || dir === undefined) {
  console.error("usage: node --import tsx bench/internal/load-store.ts <readings.csv> <data-dir>");
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const store = await openSqliteStore({ path: join(dir, "mimic.db"), thread: "inline" });
await store.init();
let batch: Reading[] = [];
const appends: Promise<unknown>[] = [];
let n = 0;
await streamReadingsCsvFile(
  csv,
  csv,
  {
    sink: (device, kind) => ({
      push(timestamp, temperature, humidity) {
        batch.push({ id: `${device}@${n++}`, device, kind, typeLabel: kind, timestamp, receivedAt: 1_700_000_000_000, data: { temperature, humidity } });
        if (batch.length === 50_000) {
          appends.push(store.appendReadings(batch));
          batch = [];
        }
      },
    }),
  },
  1 << 22,
);
appends.push(store.appendReadings(batch));
await Promise.all(appends);
console.log(`loaded ${n.toLocaleString("en-US")} readings; the store holds ${(await store.countReadings()).toLocaleString("en-US")}`);
await store.close();
