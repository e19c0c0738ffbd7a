export { type Sampler } from "./sampler.js";
export { AliasTable, discrete } from "./alias.js";
export {
  beta,
  constant,
  exponential,
  fillStandardNormal,
  gamma,
  lognormal,
  normal,
  standardGamma,
  standardNormal,
  triangular,
  truncatedNormal,
  uniform,
} from "./continuous.js";
export { bernoulli, binomial, negbinomial, poisson, zipf } from "./discrete.js";
export { empirical, mixture } from "./empirical.js";
export { dirichlet, multivariateNormal, type VectorSampler } from "./multivariate.js";
