// The privacy numbers in plain words, one sentence each, for the summary and the HTML report.
import type { PrivacyScores } from "./evaluate.js";

const pct = (x: number): string => `${(x * 100).toFixed(x < 0.01 && x > 0 ? 2 : 1)}%`;

/** Where the score sits in what chance gives a generator that learnt nothing of which rows were training. */
function noiseReading(score: number, noise: NonNullable<PrivacyScores["dcrOverfittingNoise"]>): string {
  const range = `a generator that learnt nothing of which rows were training scores ${noise.low.toFixed(3)}–${noise.high.toFixed(3)} on these rows (95% of label shuffles)`;
  return score >= noise.low
    ? `Within chance: ${range}, so this score is no evidence of memorised rows.`
    : `Below chance: ${range}; only ${pct(noise.pValue)} of shuffles score this low, so the rows lean toward the training data beyond sampling noise.`;
}

/** DCR overfitting protection at or above this is no sign of memorised rows (the issue's privacy bar). */
export const DCR_OVERFITTING_BAR = 0.9;

/**
 * The score below which DCR overfitting protection shows memorised rows: the bar, or the low end of
 * what a generator that memorised nothing scores on the same rows when that is lower (a few
 * hundred rows reach down to ~0.8 by chance). `auto`'s privacy bar, the report card's colour and
 * the plain-words reading all judge by it.
 */
export function dcrOverfittingFloor(p: Pick<PrivacyScores, "dcrOverfittingNoise">): number {
  return p.dcrOverfittingNoise === undefined ? DCR_OVERFITTING_BAR : Math.min(DCR_OVERFITTING_BAR, p.dcrOverfittingNoise.low);
}

/** Below this p-value copies lean toward the training rows beyond what chance explains. */
export const COPIES_BEYOND_CHANCE_P = 0.01;
/** Fewer copies in all than this cannot show memorisation at that level, whatever their split. */
const COPIES_TO_TELL = 5;

/** Copies of training rows against copies of held-out rows: what chance gives, and whether they exceed it. */
function copiesReading(c: NonNullable<PrivacyScores["copies"]>): string {
  const n = c.training + c.holdout;
  if (n === 0) return "No synthetic row copies a training or a held-out row.";
  const counts = `${c.training} synthetic row${c.training === 1 ? " copies" : "s copy"} a training row and ${c.holdout} a held-out one; a generator that memorised no row copies either part as often, row for row, so ${c.expected.toFixed(1)} of these ${n} would be training rows by chance`;
  if (c.pValue < COPIES_BEYOND_CHANCE_P)
    return `${counts}: ${c.training} is beyond chance (p = ${c.pValue.toPrecision(2)}), so the generator reproduces some training rows.`;
  if (n < COPIES_TO_TELL)
    return `${counts}: too few copies to tell memorised rows from chance (sample more rows, e.g. 20 times the table, and evaluate again).`;
  return `${counts}: within chance (p = ${c.pValue.toPrecision(2)}), so the copies are no evidence of memorised rows.`;
}

/** One reading per privacy number the evaluation has (the holdout ones only with a holdout). */
export function privacyReadings(p: PrivacyScores): string[] {
  const out: string[] = [];
  const own = p.holdoutDcrBaselineProtection;
  out.push(
    `DCR baseline protection ${p.dcrBaselineProtection.toFixed(3)}: synthetic rows lie ${p.dcrBaselineProtection >= 1 ? "as far from" : `${pct(p.dcrBaselineProtection)} as far from`} real rows as uniform random rows do` +
      (own === undefined
        ? "; real data itself scores low here (0.07–0.15 on the tables of docs/model.md), so a low value alone is no leak."
        : `; the held-out real rows score ${own.toFixed(3)}, so ${p.dcrBaselineProtection >= own ? "the synthetic rows are no closer to the real ones than unseen real rows are" : "the synthetic rows sit closer to the real ones than unseen real rows do"}.`),
  );
  if (p.dcrOverfittingProtection !== undefined)
    out.push(
      `DCR overfitting protection ${p.dcrOverfittingProtection.toFixed(3)}: ${pct(p.closerToTraining ?? 0)} of synthetic rows are closer to a training row than to a held-out one (50% or less is what a model that learnt no row would give); ${p.dcrOverfittingProtection >= DCR_OVERFITTING_BAR ? "no sign of memorised rows." : p.dcrOverfittingProtection >= 0.5 ? "some rows lean toward the training data." : "the synthetic rows follow the training rows: the model memorised."}` +
        (p.dcrOverfittingNoise === undefined ? "" : ` ${noiseReading(p.dcrOverfittingProtection, p.dcrOverfittingNoise)}`),
    );
  if (p.holdoutExactCopyShare !== undefined)
    out.push(
      `Exact copies ${pct(p.exactCopyShare)} of synthetic rows; held-out real rows repeat a training row ${pct(p.holdoutExactCopyShare)} of the time, ${p.exactCopyShare <= p.holdoutExactCopyShare ? "so copies are no more frequent than in real data" : "so the synthetic rows copy more often than real data repeats itself"}.` +
        (p.copies === undefined ? "" : ` ${copiesReading(p.copies)}`),
    );
  if (p.membershipAdvantage !== undefined)
    out.push(
      `Membership inference advantage ${p.membershipAdvantage.toFixed(3)}: an attacker guessing "was in the training table" from the distance to the nearest synthetic row is right this much more often than chance (0 none, 1 always); on a few hundred rows up to ~0.2 is sampling noise.`,
    );
  return out;
}
