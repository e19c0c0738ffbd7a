// Evaluation of synthetic tables: quality (SDMetrics' definitions), validity, privacy, report.
import { readTable } from "../model/index.js";
import { evaluateTables as evaluateRaw, type EvaluateOptions as Options, type Evaluation as Result } from "./evaluate.js";
export { evaluateTables, requireRows, MIN_EVALUATION_ROWS, EVALUATION_VERSION, type Evaluation, type EvaluateOptions, type PrivacyScores } from "./evaluate.js";
export type { InvalidValues } from "./table.js";
export { chooseMethod, sampleTable, weighMethods, CHOICE_COPY_ROWS, CHOICE_MIN_ROWS, CHOICE_MIN_DCR_OVERFITTING } from "./choose-method.js";
export { choiceUtility, utilityDifferenceSpread, utilityMargin, utilityPreference, CHOICE_UTILITY_MARGIN, CHOICE_UTILITY_Z } from "./choice-utility.js";
export { privacyReadings, COPIES_BEYOND_CHANCE_P } from "./privacy-reading.js";
export { renderReport, type ReportLabels } from "./report/html-report.js";
export { ksComplement, tvComplement } from "./shapes.js";
export { binEdges, contingencySimilarity, correlationSimilarity, cramersV, digitize } from "./pairs.js";
export { boundaryAdherence, categoryAdherence, keyUniqueness, missingValueSimilarity } from "./validity.js";
export { baselineProtection, closestDistances, copiesAgainstChance, membershipAdvantage, overfittingProtection, type CopyChance } from "./privacy.js";
export { qualityScores, ASSOCIATION_THRESHOLD, CORRELATION_THRESHOLD, CONTINGENCY_ROWS, type QualityScores } from "./quality.js";

/**
 * Scores a synthetic table (CSV or Parquet) against the real one (what `mimic evaluate` does).
 *
 * @example
 * const e = await evaluate("cars.csv", "synth.csv");
 * console.log(e.quality.score, e.privacy.dcrBaselineProtection, e.privacy.exactCopies);
 */
export async function evaluate(realPath: string, syntheticPath: string, options: Options & { holdoutPath?: string } = {}): Promise<Result> {
  const real = await readTable(realPath);
  const synthetic = await readTable(syntheticPath);
  const holdout = options.holdoutPath ? await readTable(options.holdoutPath) : undefined;
  return evaluateRaw(real, synthetic, holdout, options);
}
