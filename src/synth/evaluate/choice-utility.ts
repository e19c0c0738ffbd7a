// `fit --method auto`'s utility: each method's TSTR/TRTR ratios on the held-out part, summarised
// as one score, and the rule that lets a clear difference in it outweigh quality.
import { macroF1Of } from "../../ml/index.js";
import type { Random } from "../../random/index.js";
import type { ChoiceUtility, SynthesisMethod } from "../model/index.js";
import type { TargetPredictions, UtilityScore } from "./utility.js";

/**
 * A method's utility for the choice, or undefined when no target gives a ratio: each target's
 * ratio (rounded to 4 decimals) and their mean with each capped at 1. Capped, because on a held-out
 * part of a few dozen rows a learner trained on synthetic rows often beats the one trained on the
 * real rows by luck (ratios up to 1.4 on penguins' Sex): above 1 is noise, not a better synthesiser.
 */
export function choiceUtility(scores: readonly UtilityScore[]): ChoiceUtility | undefined {
  const finite = scores.filter((s) => Number.isFinite(s.ratio));
  if (finite.length === 0) return undefined;
  const round = (x: number): number => Math.round(x * 1e4) / 1e4;
  return {
    score: round(finite.reduce((sum, s) => sum + Math.min(1, s.ratio), 0) / finite.length),
    ratios: Object.fromEntries(finite.map((s) => [s.target, round(s.ratio)])),
  };
}

/** The smallest utility difference that outweighs quality, however steady: one synthetic draw's ratio moves by about ±0.05 (docs/model.md). */
export const CHOICE_UTILITY_MARGIN = 0.05;
/**
 * Standard deviations of the difference (over resamples of the held-out rows) it must reach besides.
 * The spread matches how far the difference moves between inner splits (docs/model.md, branch
 * i21a); at 2 one seattle-weather split (a difference of 0.257, 2.06 spreads) went to CART where
 * the outer TSTR favours the copula (0.90 against 0.82); at 2.5 nothing on the six tables did.
 */
export const CHOICE_UTILITY_Z = 2.5;
/** Resamples of the held-out rows that measure that spread. */
export const CHOICE_UTILITY_RESAMPLES = 200;

/**
 * How far the difference of the two methods' utility scores (cart − copula) moves with which rows
 * were held out: its standard deviation over `resamples` draws of each target's held-out rows with
 * replacement, every learner's predictions kept. On a held-out part of a few dozen rows, or a target
 * with rare classes (macro-F1 weighs a class of 5 rows as much as one of 500), it is large, and a
 * difference within it says which rows happened to be held out more than which method is better.
 */
export function utilityDifferenceSpread(targets: readonly TargetPredictions[], random: Random, resamples = CHOICE_UTILITY_RESAMPLES): number {
  const usable = targets.filter((t) => t.truth.length > 0);
  if (usable.length === 0 || resamples < 2) return 0;
  const differences = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let copula = 0,
      cart = 0,
      counted = 0;
    for (const t of usable) {
      const n = t.truth.length,
        k = t.classes;
      const m = [new Int32Array(k * k), new Int32Array(k * k), new Int32Array(k * k)];
      const predicted = [t.trtr, t.tstr[0], t.tstr[1]];
      for (let i = 0; i < n; i++) {
        const r = random.int(0, n - 1);
        const truth = t.truth[r]!;
        for (let j = 0; j < 3; j++) if (predicted[j] !== undefined) m[j]![truth * k + predicted[j]![r]!]!++;
      }
      const f1 = m.map((matrix, j) => (predicted[j] === undefined ? 0 : macroF1Of(matrix, k)));
      if (!(f1[0]! > 0)) continue;
      copula += Math.min(1, f1[1]! / f1[0]!);
      cart += Math.min(1, f1[2]! / f1[0]!);
      counted++;
    }
    differences[b] = counted === 0 ? 0 : (cart - copula) / counted;
  }
  const mean = differences.reduce((s, d) => s + d, 0) / resamples;
  return Math.sqrt(differences.reduce((s, d) => s + (d - mean) ** 2, 0) / (resamples - 1));
}

/**
 * The method whose utility score is higher by at least CHOICE_UTILITY_MARGIN and by CHOICE_UTILITY_Z
 * times `spread` (the difference's standard deviation over resamples of the held-out rows), or
 * undefined when neither is (or either lacks a score).
 */
export function utilityPreference(utility: Partial<Record<SynthesisMethod, ChoiceUtility>> | undefined, spread = 0): SynthesisMethod | undefined {
  const copula = utility?.copula?.score;
  const cart = utility?.cart?.score;
  if (copula === undefined || cart === undefined) return undefined;
  // Rounded to 4 decimals like the scores, so a difference printed as the margin counts as one.
  const difference = Math.round((cart - copula) * 1e4) / 1e4;
  if (Math.abs(difference) < utilityMargin(spread)) return undefined;
  return difference > 0 ? "cart" : "copula";
}

/** The difference in utility that outweighs quality, given its spread over resamples of the held-out rows. */
export function utilityMargin(spread: number): number {
  return Math.max(CHOICE_UTILITY_MARGIN, Math.round(CHOICE_UTILITY_Z * spread * 1e4) / 1e4);
}

/** A method's utility for `reason`: its score, and each target's ratio. */
export function describeUtility(u: ChoiceUtility): string {
  const ratios = Object.entries(u.ratios).map(([target, ratio]) => `${target} ${ratio.toFixed(2)}`);
  return `${u.score.toFixed(4)} (${ratios.join(", ")})`;
}
