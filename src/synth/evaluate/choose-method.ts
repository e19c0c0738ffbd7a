// `mimic fit --method auto`: fits both synthesisers on most of the table, samples each, and keeps
// the one whose rows score the higher quality against the real rows held out from both fits — or
// the clearly higher utility (TSTR/TRTR) there —, unless it stays closer to its training rows than
// the held-out rows allow and the other does not.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  fitModel,
  modelGenerator,
  readCsvTable,
  splitTable,
  type Metadata,
  type ChoiceCopies,
  type ChoiceUtility,
  type MethodChoice,
  type Model,
  type RawTable,
  type SynthesisMethod,
} from "../model/index.js";
import { openWriter } from "../writers/index.js";
import { createRandom } from "../../random/index.js";
import {
  CHOICE_UTILITY_MARGIN,
  CHOICE_UTILITY_Z,
  choiceUtility,
  describeUtility,
  utilityDifferenceSpread,
  utilityMargin,
  utilityPreference,
} from "./choice-utility.js";
import { evaluateTables, holdoutCopies, holdoutPrivacy, holdoutUtility, type PrivacyScores } from "./evaluate.js";
import type { TargetPredictions } from "./utility.js";
import { COPIES_BEYOND_CHANCE_P, DCR_OVERFITTING_BAR, dcrOverfittingFloor } from "./privacy-reading.js";

/** Share of the table held out to choose on (never more than CHOICE_MAX_HELD rows), and the rows each method samples. */
const CHOICE_SHARE = 0.2;
const CHOICE_MAX_HELD = 20_000;
const CHOICE_MAX_FIT = 100_000;
/** Below this many rows the held-out part is too small to tell methods apart: the copula, which has fewer parameters. */
export const CHOICE_MIN_ROWS = 50;
/** The privacy bar: DCR overfitting protection at least this (1: no closer to training rows than to unseen ones). */
export const CHOICE_MIN_DCR_OVERFITTING = DCR_OVERFITTING_BAR;
/**
 * Rows each method samples at least for counting exact copies: copies are rare, and on a table of a
 * few hundred rows a sample of its size holds one or none, which cannot tell a generator that
 * reproduces training rows from chance (on disasters 20,000 rows do: docs/model.md).
 */
export const CHOICE_COPY_ROWS = 20_000;

/**
 * Why a method's sample fails the privacy bar on the held-out part, or undefined when it meets it.
 * DCR overfitting protection fails only when it is under the bar *and* under the range a generator
 * that memorised nothing scores on the same rows (its labels shuffled): on a few hundred rows that
 * range reaches down to ~0.8 (docs/model.md), so a score of 0.85 there is no evidence of
 * memorising, and refusing on it would trade real utility for noise.
 */
function privacyFailure(p: PrivacyScores, heldOut: number): string | undefined {
  const problems: string[] = [];
  const dcr = p.dcrOverfittingProtection ?? 1;
  const chance = p.dcrOverfittingNoise;
  if (dcr < dcrOverfittingFloor(p))
    problems.push(
      `DCR overfitting protection ${dcr.toFixed(3)} < ${CHOICE_MIN_DCR_OVERFITTING}` +
        (chance === undefined ? "" : ` and below the no-memorisation range ${chance.low.toFixed(3)}–${chance.high.toFixed(3)}`),
    );
  const c = p.copies;
  if (c !== undefined && c.pValue < COPIES_BEYOND_CHANCE_P)
    problems.push(
      `${c.training} sampled row(s) copy a training row and ${c.holdout} a held-out row (of ${heldOut.toLocaleString("en-US")}), where chance makes ${c.expected.toFixed(1)} of the ${c.training + c.holdout} training copies (p = ${c.pValue.toPrecision(2)})`,
    );
  return problems.length > 0 ? problems.join(", ") : undefined;
}

/** Writes `rows` sampled rows of a model to a CSV file and reads them back as `evaluate` would. */
export async function sampleTable(model: Model, rows: number, seed: number, path: string): Promise<RawTable> {
  const generator = modelGenerator(model, { seed });
  const writer = await openWriter({ format: "csv", shape: generator.shape, out: path });
  for (let c = 0, done = 0; done < rows; c++) {
    const length = Math.min(generator.chunkSize, rows - done);
    await writer.write(generator.generateChunk(c, length));
    done += length;
  }
  await writer.close();
  return readCsvTable(path);
}

/**
 * How far a method's sample is from the privacy bar, for ranking two that both miss it: copies of
 * training rows beyond chance first (both samples have as many rows), then DCR.
 */
function privacyShortfall(p: PrivacyScores): [number, number] {
  const c = p.copies;
  const excess = c === undefined || c.pValue >= COPIES_BEYOND_CHANCE_P ? 0 : c.training - c.expected;
  return [Math.max(0, excess), Math.max(0, CHOICE_MIN_DCR_OVERFITTING - (p.dcrOverfittingProtection ?? 1))];
}

/**
 * The choice from both methods' scores on the held-out part. Privacy is a bar, quality and utility
 * preferences: a method that meets the bar wins over one that does not; when both meet it, the
 * method whose utility (TSTR/TRTR, capped at 1 per target) is higher by `utilityMargin(spread)` or
 * more (`spread`: the difference's standard deviation over resamples of the held-out rows), else
 * the one of higher quality (a tie keeps the copula); when neither does, the one nearer the bar
 * (fewer copies beyond the held-out rows' own rate, then higher DCR overfitting protection),
 * utility and quality as before on a tie.
 */
export function weighMethods(
  quality: Record<SynthesisMethod, number>,
  privacy: Record<SynthesisMethod, PrivacyScores>,
  held: number,
  utility?: Record<SynthesisMethod, ChoiceUtility>,
  spread = 0,
): { chosen: SynthesisMethod; reason: string } {
  const failure = { copula: privacyFailure(privacy.copula, held), cart: privacyFailure(privacy.cart, held) };
  const byQuality: SynthesisMethod = quality.cart > quality.copula ? "cart" : "copula";
  const byUtility = utilityPreference(utility, spread);
  const preferred = byUtility ?? byQuality;
  let chosen = preferred;
  if (failure.copula === undefined && failure.cart !== undefined) chosen = "copula";
  else if (failure.cart === undefined && failure.copula !== undefined) chosen = "cart";
  else if (failure.copula !== undefined && failure.cart !== undefined) {
    const [a, b] = [privacyShortfall(privacy.copula), privacyShortfall(privacy.cart)];
    if (a[0] !== b[0]) chosen = a[0] < b[0] ? "copula" : "cart";
    else if (a[1] !== b[1]) chosen = a[1] < b[1] ? "copula" : "cart";
  }
  const other: SynthesisMethod = chosen === "cart" ? "copula" : "cart";
  let reason = `${chosen} scored quality ${quality[chosen].toFixed(4)} against ${held.toLocaleString("en-US")} held-out real rows, ${other} ${quality[other].toFixed(4)}${quality.cart === quality.copula && byUtility === undefined ? " (a tie keeps the copula)" : ""}`;
  if (utility !== undefined) {
    reason += `; utility (TSTR/TRTR macro-F1, mean capped at 1) ${chosen} ${describeUtility(utility[chosen])}, ${other} ${describeUtility(utility[other])}`;
    const margin = `the ${utilityMargin(spread).toFixed(2)} that outweighs quality (at least ${CHOICE_UTILITY_MARGIN}, and ${CHOICE_UTILITY_Z} × ${spread.toFixed(3)}, the difference's spread over resamples of the held-out rows)`;
    if (byUtility !== undefined && byUtility !== byQuality)
      reason += `; ${byUtility}'s utility is higher by ${margin} or more, so it outweighs ${byQuality}'s quality`;
    else if (byUtility === undefined) reason += `; the difference in utility is under ${margin}`;
  }
  if (failure[chosen] !== undefined)
    reason += `; neither meets the privacy bar, ${chosen} is nearer (${chosen}: ${failure[chosen]}; ${other}: ${failure[other]})`;
  else if (chosen !== preferred) reason += `; ${other} was refused for privacy: ${failure[other]}`;
  return { chosen, reason };
}

/**
 * Which method suits the table: each fitted on the same 80% (at most 100,000 rows), sampled as
 * many rows, and scored against the other 20% (at most 20,000 rows): thresholded quality, and
 * privacy (DCR overfitting protection, and exact copies of training rows against chance on at
 * least CHOICE_COPY_ROWS sampled rows) weighed first by `weighMethods`, and utility: each category
 * target's TSTR/TRTR ratio with the learner trained on that larger sample, and the spread of the
 * two methods' difference over resamples of the held-out rows.
 */
export async function chooseMethod(table: RawTable, metadata: Metadata | undefined, seed: number): Promise<MethodChoice> {
  if (table.rowCount < CHOICE_MIN_ROWS)
    return {
      chosen: "copula",
      quality: { copula: 0, cart: 0 },
      heldOutRows: 0,
      reason: `${table.rowCount} rows are too few to compare methods on a held-out part (${CHOICE_MIN_ROWS} needed): the copula, which learns fewer numbers`,
    };
  const held = Math.min(CHOICE_MAX_HELD, Math.max(2, Math.round(table.rowCount * CHOICE_SHARE)));
  const split = splitTable(table, held, `${seed}:choose`);
  const { holdout } = split;
  // Both methods learn from at most CHOICE_MAX_FIT rows: on a 1M-row table two full fits would
  // cost more than the final one, and 100,000 rows tell the methods apart as well.
  const fit = split.fit.rowCount > CHOICE_MAX_FIT ? splitTable(split.fit, split.fit.rowCount - CHOICE_MAX_FIT, `${seed}:cap`).fit : split.fit;
  const dir = mkdtempSync(join(tmpdir(), "mimic-choose-"));
  try {
    const quality = { copula: 0, cart: 0 } as Record<SynthesisMethod, number>;
    const privacy = {} as Record<SynthesisMethod, PrivacyScores>;
    // The sample each method's utility learner trains on: at least CHOICE_COPY_ROWS rows, so it learns from UTILITY_ROWS synthetic rows whatever the table's size.
    const forUtility = {} as Record<SynthesisMethod, RawTable>;
    for (const method of ["copula", "cart"] as const) {
      const { model } = fitModel(fit, metadata, { method });
      const rows = fit.rowCount;
      const synthetic = await sampleTable(model, rows, seed, join(dir, `${method}.csv`));
      quality[method] = Math.round(evaluateTables(holdout, synthetic, undefined, { seed }).quality.score * 1e4) / 1e4;
      privacy[method] = holdoutPrivacy(fit, synthetic, holdout, seed);
      forUtility[method] = synthetic;
      if (rows < CHOICE_COPY_ROWS) {
        // Distances on the sample as large as the table (as evaluate sees it); copies on enough rows to tell.
        const more = await sampleTable(model, CHOICE_COPY_ROWS, seed, join(dir, `${method}-copies.csv`));
        privacy[method] = { ...privacy[method], ...holdoutCopies(fit, more, holdout) };
        forUtility[method] = more;
      }
    }
    const predictions: TargetPredictions[] = [];
    const [copulaUtility, cartUtility] = holdoutUtility(fit, [forUtility.copula, forUtility.cart], holdout, seed, (p) => predictions.push(p)).map(
      choiceUtility,
    );
    const utility = copulaUtility && cartUtility ? { copula: copulaUtility, cart: cartUtility } : undefined;
    const spread = utility ? Math.round(utilityDifferenceSpread(predictions, createRandom(seed).fork("choose", "utility")) * 1e4) / 1e4 : 0;
    const { chosen, reason } = weighMethods(quality, privacy, held, utility, spread);
    const summary = (p: PrivacyScores): { dcrOverfitting: number; exactCopyShare: number; copies?: ChoiceCopies } => ({
      dcrOverfitting: Math.round((p.dcrOverfittingProtection ?? 1) * 1e4) / 1e4,
      exactCopyShare: Math.round(p.exactCopyShare * 1e6) / 1e6,
      ...(p.copies === undefined ? {} : { copies: { training: p.copies.training, holdout: p.copies.holdout, pValue: Number(p.copies.pValue.toPrecision(4)) } }),
    });
    return {
      chosen,
      quality,
      heldOutRows: held,
      reason,
      privacy: {
        copula: summary(privacy.copula),
        cart: summary(privacy.cart),
        holdoutExactCopyShare: Math.round((privacy.copula.holdoutExactCopyShare ?? 0) * 1e6) / 1e6,
      },
      ...(utility ? { utility, utilitySpread: spread } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
