// Mathematical functions of the expression language: trigonometry (radians), exponential,
// logarithm, power and the great-circle distance between two points given in degrees. A result
// that is not a real number (log of 0, pow(-8, 1/3)) is null, as a division by zero is.
import { describe, ExpressionTypeError, isNumeric, type ExprType, type Value } from "./types.js";
import type { FunctionDef } from "./functions.js";

const FLOAT: ExprType = { t: "float" };
/** Mean Earth radius (km) of the IUGG, as haversine distances usually take it. */
export const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

function numbers(name: string, args: readonly ExprType[], min: number, max = min): ExprType {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : `${min} or ${max}`;
    throw new ExpressionTypeError(`${name}() takes ${want} argument${max === 1 ? "" : "s"}, got ${args.length}`);
  }
  args.forEach((a, i) => {
    if (!isNumeric(a)) throw new ExpressionTypeError(`${name}() needs numbers, argument ${i + 1} is ${describe(a)}`);
  });
  return FLOAT;
}

const real = (x: number): Value => (Number.isFinite(x) ? x : null);

/** One number in, one float out; non-finite results become null. */
function unary(name: string, f: (x: number) => number): FunctionDef {
  return { type: (a) => numbers(name, a, 1), impl: (a) => real(f(a[0] as number)) };
}

/** Great-circle distance in km between (lat1, lon1) and (lat2, lon2), in degrees. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * `sin(x)`, `cos(x)`, `tan(x)` of radians; `exp(x)`; `log(x)` (natural) or `log(x, base)`;
 * `pow(x, y)`; `haversine(lat1, lon1, lat2, lon2)`: kilometres between two points in degrees.
 */
export const MATH_FUNCTIONS: Record<string, FunctionDef> = {
  sin: unary("sin", Math.sin),
  cos: unary("cos", Math.cos),
  tan: unary("tan", Math.tan),
  exp: unary("exp", Math.exp),
  log: {
    type: (a) => numbers("log", a, 1, 2),
    impl: (a) => {
      const x = a[0] as number;
      if (!(x > 0)) return null;
      if (a.length === 1) return Math.log(x);
      const base = a[1] as number;
      return base > 0 && base !== 1 ? real(Math.log(x) / Math.log(base)) : null;
    },
  },
  pow: { type: (a) => numbers("pow", a, 2), impl: (a) => real((a[0] as number) ** (a[1] as number)) },
  haversine: {
    type: (a) => numbers("haversine", a, 4),
    impl: (a) => haversineKm(a[0] as number, a[1] as number, a[2] as number, a[3] as number),
  },
};
