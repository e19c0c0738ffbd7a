// Evaluation of synthetic tables: quality (SDMetrics' definitions), validity, privacy, report.
export { evaluateTables, EVALUATION_VERSION, type Evaluation, type EvaluateOptions, type PrivacyScores } from "./evaluate.js";
export { renderReport, type ReportLabels } from "./report/html-report.js";
export { ksComplement, tvComplement } from "./shapes.js";
export { binEdges, contingencySimilarity, correlationSimilarity, cramersV, digitize } from "./pairs.js";
export { boundaryAdherence, categoryAdherence, keyUniqueness, missingValueSimilarity } from "./validity.js";
export { baselineProtection, closestDistances, overfittingProtection } from "./privacy.js";
export { qualityScores, ASSOCIATION_THRESHOLD, CORRELATION_THRESHOLD, CONTINGENCY_ROWS, type QualityScores } from "./quality.js";
