// Same-run A/B of CART with smoothed number leaves (the default) against raw leaf quantiles
// (`fitModel(..., { cartSmoothing: 0 })`): fit time and in-process sampling rate on the bench
// table of `npm run bench -- model` (20 columns), alternating rounds, minimum time of each.
// Smoothing is baked into the leaves' quantiles, so sampling does the same work; this checks it.
//   node --import tsx bench/model-cart-smoothing.ts [rows, default 200000] [rounds, default 6]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fitModel, modelGenerator, readCsvTable, type Model } from "../src/synth/model/index.js";
import { writeRealTable } from "./internal/model-table.js";

const ROWS = Number(process.argv[2] ?? 200_000);
const ROUNDS = Number(process.argv[3] ?? 6);
const dir = mkdtempSync(join(tmpdir(), "mimic-cart-smoothing-"));

function sampleMs(model: Model): number {
  const generator = modelGenerator(model, { seed: 1 });
  const start = performance.now();
  for (let c = 0, done = 0; done < ROWS; c++) {
    const length = Math.min(generator.chunkSize, ROWS - done);
    generator.generateChunk(c, length);
    done += length;
  }
  return performance.now() - start;
}

try {
  const path = join(dir, "real.csv");
  await writeRealTable(path, ROWS);
  const real = await readCsvTable(path);
  const arms = { smoothed: 1, raw: 0 } as const;
  const best = { smoothed: { fit: Infinity, sample: Infinity }, raw: { fit: Infinity, sample: Infinity } };
  const order: readonly (readonly (keyof typeof arms)[])[] = [
    ["smoothed", "raw"],
    ["raw", "smoothed"],
  ];
  const models = {} as Record<keyof typeof arms, Model>;
  // Fits first, then sampling, each in alternating rounds: sampling right after a fit would pay
  // for that fit's garbage.
  for (let round = 0; round < ROUNDS; round++)
    for (const arm of order[round % 2]!) {
      const t0 = performance.now();
      models[arm] = fitModel(real, undefined, { method: "cart", cartSmoothing: arms[arm] }).model;
      best[arm].fit = Math.min(best[arm].fit, performance.now() - t0);
    }
  for (let round = 0; round < ROUNDS; round++) for (const arm of order[round % 2]!) best[arm].sample = Math.min(best[arm].sample, sampleMs(models[arm]));
  const rate = (ms: number): string => `${Math.round(ROWS / (ms / 1000)).toLocaleString("en-US")} rows/s`;
  console.log(`${ROWS.toLocaleString("en-US")} rows × 20 columns, ${ROUNDS} alternating rounds, minimum of each:`);
  for (const arm of ["raw", "smoothed"] as const)
    console.log(`  ${arm.padEnd(8)} fit ${(best[arm].fit / 1000).toFixed(2)} s, sample ${rate(best[arm].sample)} (in-process generateChunk)`);
  console.log(
    `  smoothed / raw: fit time ${(best.smoothed.fit / best.raw.fit).toFixed(3)}×, sampling rate ${(best.raw.sample / best.smoothed.sample).toFixed(3)}× (target: no drop, ≥ 0.97×; issue target 500,000 rows/s through the CLI)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
