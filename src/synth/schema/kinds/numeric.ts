import { samplerFromSchema } from "../distribution.js";
import { numericStorer } from "../runtime/vectors.js";
import { outputShape, type KindBuilder } from "./env.js";
import { COMMON } from "./ids.js";

export const numeric: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "distribution", "min", "max", "type", "scale", ...COMMON], "a numeric column");
  const before = c.count;
  if (!c.required(o, "distribution", path, "e.g. { name: normal, mean: 40, sd: 12 }")) return undefined;
  const sampler = samplerFromSchema(o.distribution, `${path}.distribution`, c);
  const min = c.number(o, "min", path);
  const max = c.number(o, "max", path);
  if (min !== undefined && max !== undefined && min > max) c.add(`${path}.min`, "out_of_range", `min (${min}) must be ≤ max (${max})`);
  const shape = outputShape(o, path, c, { type: "float" }, ["int", "float", "decimal"]);
  if (sampler === undefined || shape === undefined || c.count > before) return undefined;
  const copula = env.copula;
  if (copula !== undefined && sampler.quantile === undefined) {
    c.add(
      `${path}.distribution`,
      "unsupported",
      `${sampler.label} cannot be used in a correlation group; use uniform, normal, truncnormal, lognormal, exponential, triangular or empirical`,
    );
    return undefined;
  }
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  const store = numericStorer(shape);
  return {
    shape,
    generate(s) {
      const out = new Float64Array(s.length);
      if (copula === undefined) sampler.fill(s.rng, out);
      else {
        // Correlated: this column's uniform scores come from the group's shared Gaussian draw.
        const u = s.vector(copula.node).values as Float64Array;
        const q = sampler.quantile!;
        for (let i = 0; i < s.length; i++) out[i] = q(u[i * copula.dimension + copula.index]!);
      }
      for (let i = 0; i < out.length; i++) {
        let x = out[i]!;
        if (x < lo) x = lo;
        else if (x > hi) x = hi;
        out[i] = store(x);
      }
      return { values: out };
    },
  };
};
