import type { ColumnSchema, DistributionSchema, Schema, TableSchema } from "./types.js";

/**
 * Identity function that types a schema written in TypeScript (same shape as the YAML form), so
 * the editor checks keys and kinds as you type.
 *
 * @example
 * const schema = defineSchema({
 *   tables: { people: { columns: { id: { kind: "sequence" }, age: { kind: "numeric", distribution: { name: "normal", mean: 40, sd: 12 }, type: "int" } } } },
 * });
 */
export function defineSchema<const S extends Schema>(schema: S): S {
  return schema;
}

/** Types one table (for building schemas piece by piece). */
export function defineTable<const T extends TableSchema>(table: T): T {
  return table;
}

/** Types one column. */
export function defineColumn<const C extends ColumnSchema>(column: C): C {
  return column;
}

/** Small constructors for common distributions. */
export const dist = {
  uniform: (min: number, max: number): DistributionSchema => ({ name: "uniform", min, max }),
  normal: (mean: number, sd: number): DistributionSchema => ({ name: "normal", mean, sd }),
  truncnormal: (mean: number, sd: number, min: number, max: number): DistributionSchema => ({ name: "truncnormal", mean, sd, min, max }),
  lognormal: (mu: number, sigma: number): DistributionSchema => ({ name: "lognormal", mu, sigma }),
  exponential: (rate: number): DistributionSchema => ({ name: "exponential", rate }),
  poisson: (lambda: number): DistributionSchema => ({ name: "poisson", lambda }),
  discrete: (values: readonly number[], weights?: readonly number[]): DistributionSchema =>
    weights === undefined ? { name: "discrete", values } : { name: "discrete", values, weights },
};
