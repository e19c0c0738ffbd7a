// Export benchmark: streaming every reading of a fleet's range (what `GET /v1/export` and
// `mimic query` do without a device) from SQLite, merged from one keyset stream per sensor, against
// the same-run baseline of paging the answer's own order (timestamp, device, kind, id) by keyset —
// which SQLite's key (device, kind, ts, id) cannot walk, so each page sorts what follows the cursor.
//   npm run bench -- export
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Reading } from "../src/sensors/reading.js";
import { openSqliteStore } from "../src/telemetry/adapters/store-sqlite/index.js";
import type { ReadingRow } from "../src/telemetry/ports.js";
import { openReadingStream, readingPages } from "../src/telemetry/query/index.js";

const DEVICES = 20;
const HOURS = 48;
const T0 = 1_557_000_000;

function fleetReadings(): Reading[] {
  const out: Reading[] = [];
  for (let t = 0; t < HOURS * 3600; t += 15) {
    for (let d = 0; d < DEVICES; d++) {
      const device = `rp${String(d).padStart(8, "0")}`;
      const timestamp = T0 + t + d * 0.013;
      out.push({ id: `${device}-${t}`, device, kind: "DHT22", typeLabel: "DHT22", timestamp, receivedAt: 0, data: { temperature: 20, humidity: 50 } });
      if (t % 60 === 0)
        out.push({
          id: `${device}-p-${t}`,
          device,
          kind: "PIR",
          typeLabel: "Onyehn_PIR",
          timestamp: timestamp + 1,
          receivedAt: 0,
          data: { motion: t % 120 === 0 },
        });
      if (t % 300 === 0)
        out.push({ id: `${device}-l-${t}`, device, kind: "LIGHT", typeLabel: "Anmbest_MD46N", timestamp: timestamp + 2, receivedAt: 0, data: { light: true } });
    }
  }
  return out;
}

async function count(pages: AsyncGenerator<ReadingRow[]>): Promise<number> {
  let n = 0;
  for await (const page of pages) n += page.length;
  return n;
}

const dir = mkdtempSync(join(tmpdir(), "mimic-bench-export-"));
try {
  const store = await openSqliteStore({ path: join(dir, "mimic.db"), thread: "inline" });
  await store.init();
  const readings = fleetReadings();
  for (let i = 0; i < readings.length; i += 5000) await store.appendReadings(readings.slice(i, i + 5000));
  const range = { from: T0, to: T0 + HOURS * 3600 + 10 };
  console.log(`${readings.length.toLocaleString("en-US")} readings of ${DEVICES} devices × 3 sensors over ${HOURS} h, SQLite`);
  const time = async (label: string, run: () => Promise<number>): Promise<number> => {
    const t = performance.now();
    const n = await run();
    const ms = performance.now() - t;
    console.log(
      `  ${label.padEnd(44)} ${n.toLocaleString("en-US")} readings in ${(ms / 1000).toFixed(2)} s (${Math.round((n / ms) * 1000).toLocaleString("en-US")} readings/s)`,
    );
    if (n !== readings.length) throw new Error(`${label}: ${n} readings, expected ${readings.length}`);
    return ms;
  };
  const merged = await time("merged per sensor (openReadingStream)", async () => count((await openReadingStream(store, range)).pages));
  const paged = await time("baseline: the answer's order paged by keyset", () => count(readingPages(store, range)));
  console.log(`  ratio: merged is ${(paged / merged).toFixed(1)}× as fast as the baseline`);
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
