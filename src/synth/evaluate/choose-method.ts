// `mimic fit --method auto`: fits both synthesisers on most of the table, samples each, and keeps
// the one whose rows score the higher quality against the real rows held out from both fits.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  fitModel,
  modelGenerator,
  readCsvTable,
  splitTable,
  type Metadata,
  type MethodChoice,
  type Model,
  type RawTable,
  type SynthesisMethod,
} from "../model/index.js";
import { openWriter } from "../writers/index.js";
import { evaluateTables } from "./evaluate.js";

/** Share of the table held out to choose on (never more than CHOICE_MAX_HELD rows), and the rows each method samples. */
const CHOICE_SHARE = 0.2;
const CHOICE_MAX_HELD = 20_000;
const CHOICE_MAX_FIT = 100_000;
/** Below this many rows the held-out part is too small to tell methods apart: the copula, which has fewer parameters. */
export const CHOICE_MIN_ROWS = 50;

/** Writes `rows` sampled rows of a model to a CSV file and reads them back as `evaluate` would. */
export async function sampleTable(model: Model, rows: number, seed: number, path: string): Promise<RawTable> {
  const generator = modelGenerator(model, { seed });
  const writer = await openWriter({ format: "csv", shape: generator.shape, out: path });
  for (let c = 0, done = 0; done < rows; c++) {
    const length = Math.min(generator.chunkSize, rows - done);
    await writer.write(generator.generateChunk(c, length));
    done += length;
  }
  await writer.close();
  return readCsvTable(path);
}

/**
 * Which method suits the table: each fitted on the same 80% (at most 100,000 rows), sampled as
 * many rows, and scored (thresholded quality) against the other 20% (at most 20,000 rows).
 */
export async function chooseMethod(table: RawTable, metadata: Metadata | undefined, seed: number): Promise<MethodChoice> {
  if (table.rowCount < CHOICE_MIN_ROWS)
    return {
      chosen: "copula",
      quality: { copula: 0, cart: 0 },
      heldOutRows: 0,
      reason: `${table.rowCount} rows are too few to compare methods on a held-out part (${CHOICE_MIN_ROWS} needed): the copula, which learns fewer numbers`,
    };
  const held = Math.min(CHOICE_MAX_HELD, Math.max(2, Math.round(table.rowCount * CHOICE_SHARE)));
  const split = splitTable(table, held, `${seed}:choose`);
  const { holdout } = split;
  // Both methods learn from at most CHOICE_MAX_FIT rows: on a 1M-row table two full fits would
  // cost more than the final one, and 100,000 rows tell the methods apart as well.
  const fit = split.fit.rowCount > CHOICE_MAX_FIT ? splitTable(split.fit, split.fit.rowCount - CHOICE_MAX_FIT, `${seed}:cap`).fit : split.fit;
  const dir = mkdtempSync(join(tmpdir(), "mimic-choose-"));
  try {
    const quality = { copula: 0, cart: 0 } as Record<SynthesisMethod, number>;
    for (const method of ["copula", "cart"] as const) {
      const { model } = fitModel(fit, metadata, { method });
      const rows = fit.rowCount;
      const synthetic = await sampleTable(model, rows, seed, join(dir, `${method}.csv`));
      quality[method] = Math.round(evaluateTables(holdout, synthetic, undefined, { seed }).quality.score * 1e4) / 1e4;
    }
    const chosen: SynthesisMethod = quality.cart > quality.copula ? "cart" : "copula";
    const other: SynthesisMethod = chosen === "cart" ? "copula" : "cart";
    const reason = `${chosen} scored quality ${quality[chosen].toFixed(4)} against ${held.toLocaleString("en-US")} held-out real rows, ${other} ${quality[other].toFixed(4)}${quality.cart === quality.copula ? " (a tie keeps the copula)" : ""}`;
    return { chosen, quality, heldOutRows: held, reason };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
