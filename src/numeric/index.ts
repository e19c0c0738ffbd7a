// Numerics shared by every area: special functions, the normal distribution (accurate and fast
// grades), small dense linear algebra for correlation matrices, and streaming moments. Pure and
// deterministic: plain doubles, no dependency, the same bits on every machine.
export { binomialUpperTail, lgamma } from "./special.js";
export { normalCdf, normalCdfFast, normalPdf, normalQuantile, normalQuantileFast, truncatedNormalMean } from "./normal.js";
export { cholesky, choleskyFlat, choleskyProduct, leastSquaresLine, nearestCorrelation, pearson, symmetricEigen } from "./linalg.js";
export { sortFloat64 } from "./sort.js";
export { invert, multiply, sub, transpose, type Matrix } from "./matrix.js";
export { addValue, emptyMoments, mergeMoments, momentsOf, standardDeviation, variance, type Moments } from "./moments.js";
