// `fit --method auto`'s utility: each method's TSTR/TRTR ratios on the held-out part, summarised
// as one score, and the rule that lets a clear difference in it outweigh quality.
import type { ChoiceUtility, SynthesisMethod } from "../model/index.js";
import type { UtilityScore } from "./utility.js";

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

/**
 * How much higher one method's utility score must be for it to outweigh quality. The difference
 * between the methods' scores moves from one 20% held-out part to another by a standard deviation
 * of 0.02–0.2 on the docs/model.md tables (median 0.085; branch i21a there): below about twice that
 * it says more about which rows were held out than about the methods, and margins of 0.02–0.1
 * chose worse for cars' Origin than quality alone. Beyond it, a copula that lost an interaction a
 * learner needs (utility 0.6 against CART's 0.95) is not kept for a slightly higher quality.
 */
export const CHOICE_UTILITY_MARGIN = 0.2;

/** The method whose utility is higher by at least CHOICE_UTILITY_MARGIN, or undefined when neither is (or either lacks a score). */
export function utilityPreference(utility: Partial<Record<SynthesisMethod, ChoiceUtility>> | undefined): SynthesisMethod | undefined {
  const copula = utility?.copula?.score;
  const cart = utility?.cart?.score;
  if (copula === undefined || cart === undefined) return undefined;
  // Rounded to 4 decimals like the scores, so a difference printed as the margin counts as one.
  const difference = Math.round((cart - copula) * 1e4) / 1e4;
  if (Math.abs(difference) < CHOICE_UTILITY_MARGIN) return undefined;
  return difference > 0 ? "cart" : "copula";
}

/** A method's utility for `reason`: its score, and each target's ratio. */
export function describeUtility(u: ChoiceUtility): string {
  const ratios = Object.entries(u.ratios).map(([target, ratio]) => `${target} ${ratio.toFixed(2)}`);
  return `${u.score.toFixed(4)} (${ratios.join(", ")})`;
}
