// The resolver module for `mimic sample --workers N`: each worker thread imports it and compiles
// the same model generator itself (see ../parallel/source-resolver.ts), so chunks are identical
// whichever thread makes them.
import type { TableGenerator } from "../batch.js";
import type { TableSource } from "../datasets/dataset.js";
import { MimicError } from "../../errors/index.js";
import { parseConditions } from "./conditions.js";
import { readModel } from "./model-file.js";
import { modelGenerator } from "./sampler.js";

/** URL of this module, for `produceChunks({ resolverUrl })` (the .ts file when run from sources). */
export const MODEL_RESOLVER_URL = new URL(import.meta.url.endsWith(".ts") ? "./model-source.ts" : "./model-source.js", import.meta.url);

/**
 * Compiles a `{ kind: "model" }` source for a seed.
 *
 * @example
 * const gen = await resolveTableSource({ kind: "model", path: "cars.model.json", where: ["Origin=Japan"] }, 7);
 */
export async function resolveTableSource(source: TableSource, seed: number | string): Promise<TableGenerator> {
  if (source.kind !== "model") throw new MimicError("INTERNAL", `The model resolver was given a ${source.kind} source.`);
  const model = await readModel(source.path);
  return modelGenerator(model, { seed, conditions: parseConditions(model, source.where) });
}
