export { createRandom, Xoshiro128 } from "./xoshiro.js";
export { RANDOM_STREAM_VERSION, type Random } from "./random.js";
