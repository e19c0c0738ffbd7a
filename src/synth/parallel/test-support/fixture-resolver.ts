// A resolver module for tests and the benchmark: "datasets" backed by the writer fixtures.
import type { TableGenerator } from "../../batch.js";
import type { TableSource } from "../../datasets/dataset.js";
import { MimicError } from "../../../errors/index.js";
import { allTypesTable, coffeeLikeTable } from "../../writers/test-support/fixture-tables.js";

export function resolveTableSource(source: TableSource, seed: number | string): TableGenerator {
  const chunk = source.kind === "dataset" && source.options["chunk-size"] ? Number(source.options["chunk-size"]) : undefined;
  if (source.kind === "dataset" && source.name === "all-types") return allTypesTable(seed, chunk);
  if (source.kind === "dataset" && source.name === "coffee-like") return coffeeLikeTable(seed, chunk);
  if (source.kind === "dataset" && source.name === "fails-in-worker") {
    // Compiles, then fails on any chunk past the first: exercises error propagation from workers.
    const table = allTypesTable(seed, 10);
    return { ...table, generateChunk: (k, n) => (k === 0 ? table.generateChunk(k, n) : failChunk(k)) };
  }
  throw new MimicError("CLI_BAD_FLAG", `unknown fixture ${JSON.stringify(source)}`);
}

function failChunk(k: number): never {
  throw new MimicError("CONFIG_INVALID", `fixture chunk ${k} fails on purpose`, { issues: [{ code: "on_purpose", path: `chunk.${k}`, message: "test" }] });
}
