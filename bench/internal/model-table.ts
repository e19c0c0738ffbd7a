// The 1,000,000-row × 20-column table of bench/model.bench.ts, with structure: 12 correlated
// numbers (two factors), 4 categories (one cut from a factor), 2 dates, a flag, a count.
import { createWriteStream } from "node:fs";
import { createRandom } from "../../src/random/index.js";

/** A 20-column table with structure: 12 correlated numbers, 4 categories, 2 dates, a flag, an int. */
export async function writeRealTable(path: string, rows: number): Promise<void> {
  const rng = createRandom(2026);
  const normal = (): number => {
    for (;;) {
      const a = 2 * rng.next() - 1,
        b = 2 * rng.next() - 1,
        s = a * a + b * b;
      if (s > 0 && s < 1) return a * Math.sqrt((-2 * Math.log(s)) / s);
    }
  };
  const out = createWriteStream(path);
  const header = [...Array.from({ length: 12 }, (_, i) => `x${i}`), "region", "segment", "channel", "plan", "signup", "last_seen", "active", "visits"];
  let buffer = header.join(",") + "\n";
  const regions = ["north", "south", "east", "west", "central"],
    segments = ["consumer", "small business", "enterprise"];
  const channels = ["web", "store", "phone", "partner"],
    plans = ["free", "basic", "pro", "team", "enterprise", "legacy"];
  for (let r = 0; r < rows; r++) {
    const f = normal(),
      g = normal();
    const cells: string[] = [];
    for (let i = 0; i < 12; i++) {
      const v = (i < 6 ? f : g) * (0.4 + i / 20) + normal() * 0.8;
      cells.push(i % 3 === 0 ? (Math.exp(v) * 40).toFixed(2) : i % 3 === 1 ? String(Math.round(50 + 15 * v)) : (v * 3.3).toFixed(3));
    }
    cells.push(
      regions[Math.min(4, Math.floor(((f + 3) / 6) * 5))] ?? "north",
      segments[rng.int(0, 2)]!,
      channels[g > 0.5 ? 0 : rng.int(1, 3)]!,
      plans[rng.int(0, 5)]!,
    );
    const day = Date.UTC(2018, 0, 1) + Math.floor(rng.next() * 1800) * 86_400_000;
    cells.push(new Date(day).toISOString().slice(0, 10), new Date(day + rng.int(0, 400) * 86_400_000).toISOString().slice(0, 10));
    cells.push(f > 0 ? "true" : "false", String(rng.int(0, 90)));
    buffer += cells.join(",") + "\n";
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      buffer = "";
    }
  }
  out.end(buffer);
  await new Promise<void>((resolve) => out.on("finish", () => resolve()));
}
