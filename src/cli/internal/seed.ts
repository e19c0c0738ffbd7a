import { MimicError } from "../../errors/index.js";

/** The one default seed of every command that draws at random (generate, sample, evaluate, simulate). */
export const DEFAULT_SEED = 42;

/** `--seed`: a whole number, or any word (hashed by the random streams); DEFAULT_SEED when absent. */
export function parseSeed(raw: string | undefined): number | string {
  if (raw === undefined) return DEFAULT_SEED;
  if (raw.trim() === "") throw new MimicError("CLI_BAD_FLAG", `--seed must not be empty; give a number or a word, for example --seed ${DEFAULT_SEED}.`);
  return /^\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : raw;
}
