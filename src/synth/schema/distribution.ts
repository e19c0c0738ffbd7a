import { isMimicError } from "../../errors/index.js";
import {
  bernoulli,
  beta,
  binomial,
  constant,
  discrete,
  empirical,
  exponential,
  gamma,
  lognormal,
  mixture,
  negbinomial,
  normal,
  poisson,
  triangular,
  truncatedNormal,
  uniform,
  zipf,
  type Sampler,
} from "../distributions/index.js";
import { Checker, type Obj } from "./internal/checker.js";
import type { DistributionName } from "./types.js";

type Build = (o: Obj, path: string, c: Checker) => Sampler | undefined;

const nums = (
  c: Checker,
  o: Obj,
  path: string,
  keys: readonly string[],
  rules: Record<string, Parameters<Checker["number"]>[3]> = {},
): number[] | undefined => {
  const before = c.count;
  const out = keys.map((k) => c.number(o, k, path, { required: true, ...rules[k] }) ?? NaN);
  return c.count === before ? out : undefined;
};

const BUILDERS: Record<DistributionName, { keys: readonly string[]; build: Build }> = {
  uniform: { keys: ["min", "max"], build: (o, p, c) => ifOk(nums(c, o, p, ["min", "max"]), ([a, b]) => uniform(a!, b!)) },
  normal: { keys: ["mean", "sd"], build: (o, p, c) => ifOk(nums(c, o, p, ["mean", "sd"], { sd: { min: 0 } }), ([m, s]) => normal(m!, s!)) },
  truncnormal: {
    keys: ["mean", "sd", "min", "max"],
    build: (o, p, c) => ifOk(nums(c, o, p, ["mean", "sd", "min", "max"], { sd: { gt: 0 } }), ([m, s, a, b]) => truncatedNormal(m!, s!, a!, b!)),
  },
  lognormal: { keys: ["mu", "sigma"], build: (o, p, c) => ifOk(nums(c, o, p, ["mu", "sigma"], { sigma: { min: 0 } }), ([m, s]) => lognormal(m!, s!)) },
  exponential: { keys: ["rate"], build: (o, p, c) => ifOk(nums(c, o, p, ["rate"], { rate: { gt: 0 } }), ([r]) => exponential(r!)) },
  gamma: {
    keys: ["shape", "scale"],
    build: (o, p, c) => ifOk(nums(c, o, p, ["shape", "scale"], { shape: { gt: 0 }, scale: { gt: 0 } }), ([a, b]) => gamma(a!, b!)),
  },
  beta: {
    keys: ["alpha", "beta"],
    build: (o, p, c) => ifOk(nums(c, o, p, ["alpha", "beta"], { alpha: { gt: 0 }, beta: { gt: 0 } }), ([a, b]) => beta(a!, b!)),
  },
  poisson: { keys: ["lambda"], build: (o, p, c) => ifOk(nums(c, o, p, ["lambda"], { lambda: { min: 0 } }), ([l]) => poisson(l!)) },
  binomial: {
    keys: ["n", "p"],
    build: (o, p, c) => ifOk(nums(c, o, p, ["n", "p"], { n: { integer: true, min: 0 }, p: { min: 0, max: 1 } }), ([n, q]) => binomial(n!, q!)),
  },
  negbinomial: {
    keys: ["mean", "size"],
    build: (o, p, c) => ifOk(nums(c, o, p, ["mean", "size"], { mean: { min: 0 }, size: { gt: 0 } }), ([m, s]) => negbinomial(m!, s!)),
  },
  bernoulli: { keys: ["p"], build: (o, p, c) => ifOk(nums(c, o, p, ["p"], { p: { min: 0, max: 1 } }), ([q]) => bernoulli(q!)) },
  zipf: { keys: ["n", "s"], build: (o, p, c) => ifOk(nums(c, o, p, ["n", "s"], { n: { integer: true, min: 1 }, s: { gt: 0 } }), ([n, s]) => zipf(n!, s!)) },
  triangular: { keys: ["min", "mode", "max"], build: (o, p, c) => ifOk(nums(c, o, p, ["min", "mode", "max"]), ([a, m, b]) => triangular(a!, m!, b!)) },
  constant: { keys: ["value"], build: (o, p, c) => ifOk(nums(c, o, p, ["value"]), ([v]) => constant(v!)) },
  discrete: {
    keys: ["values", "weights"],
    build(o, p, c) {
      const values = c.numbers(o, "values", p, { required: true });
      const weights = c.numbers(o, "weights", p, { weights: true, ...(values !== undefined ? { length: values.length } : {}) });
      if (values === undefined || (o.weights !== undefined && weights === undefined)) return undefined;
      return discrete(values, weights);
    },
  },
  empirical: {
    keys: ["values", "interpolate"],
    build(o, p, c) {
      const values = c.numbers(o, "values", p, { required: true });
      const interpolate = c.boolean(o, "interpolate", p);
      return values === undefined ? undefined : empirical(values, { interpolate: interpolate === true });
    },
  },
  mixture: {
    keys: ["components"],
    build(o, p, c) {
      const list = o.components;
      if (!Array.isArray(list) || list.length === 0) {
        c.add(`${p}.components`, list === undefined ? "required" : "invalid_type", "components must be a non-empty list of { weight, distribution }");
        return undefined;
      }
      const parts = list.map((item, i) => {
        const at = `${p}.components[${i}]`;
        const co = c.object(item, at, "a mixture component");
        if (co === undefined) return undefined;
        c.keys(co, at, ["weight", "distribution"], "a mixture component");
        const weight = c.number(co, "weight", at, { required: true, min: 0 });
        const sampler =
          co.distribution === undefined
            ? (c.add(`${at}.distribution`, "required", '"distribution" is required'), undefined)
            : samplerFromSchema(co.distribution, `${at}.distribution`, c);
        return weight === undefined || sampler === undefined ? undefined : { weight, sampler };
      });
      if (parts.some((x) => x === undefined)) return undefined;
      const ok = parts as { weight: number; sampler: Sampler }[];
      if (!ok.some((x) => x.weight > 0)) {
        c.add(`${p}.components`, "invalid_value", "at least one component needs weight > 0");
        return undefined;
      }
      return mixture(ok);
    },
  },
};

export const DISTRIBUTION_NAMES = Object.keys(BUILDERS) as DistributionName[];

function ifOk(values: number[] | undefined, f: (v: number[]) => Sampler): Sampler | undefined {
  return values === undefined ? undefined : f(values);
}

/**
 * Validates a distribution description and builds its sampler; problems go to the checker (and the
 * result is undefined), so every problem of a schema is reported at once.
 */
export function samplerFromSchema(value: unknown, path: string, c: Checker): Sampler | undefined {
  const o = c.object(value, path, "a distribution");
  if (o === undefined) return undefined;
  // `type: normal` (or `dist: normal`) is the usual slip: say which key to rename.
  const misnamed =
    o["name"] === undefined ? Object.entries(o).find(([, v]) => typeof v === "string" && (DISTRIBUTION_NAMES as readonly string[]).includes(v)) : undefined;
  if (misnamed !== undefined) {
    c.add(`${path}.name`, "required", `"name" is required: write name: ${String(misnamed[1])} instead of ${misnamed[0]}: ${String(misnamed[1])}`);
    return undefined;
  }
  const name = c.string(o, "name", path, { required: true, oneOf: DISTRIBUTION_NAMES, hint: `one of ${DISTRIBUTION_NAMES.join(", ")}` });
  if (name === undefined) return undefined;
  const def = BUILDERS[name as DistributionName];
  c.keys(o, path, ["name", ...def.keys], `the ${name} distribution`);
  try {
    return def.build(o, path, c);
  } catch (e) {
    // Cross-parameter constraints (min ≤ max, a window with mass) are checked by the samplers.
    if (isMimicError(e) && e.code === "DISTRIBUTION_INVALID") {
      c.add(path, "invalid_value", e.message);
      return undefined;
    }
    throw e;
  }
}
