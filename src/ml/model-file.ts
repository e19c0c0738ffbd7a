// The saved classifier: versioned JSON (features, scaler, model, training summary) with a checksum
// of its content, so a file from another format version or one edited by hand is refused instead
// of predicting nonsense. Numbers survive JSON exactly (shortest round-trip form), so a reloaded
// model predicts bit for bit what the trained one did.
import { createHash } from "node:crypto";
import { MimicError } from "../errors/index.js";
import { FOREST_BINS, type ForestTree } from "./forest.js";
import type { Pipeline } from "./pipeline.js";
import type { FourierFeatures } from "./svm.js";

export const CLASSIFIER_FORMAT = "mimic-classifier";
export const CLASSIFIER_VERSION = 1;

export interface ClassifierFile {
  format: typeof CLASSIFIER_FORMAT;
  version: number;
  target: string;
  pipeline: Pipeline;
  /** What the model was trained on and how it scored (free-form, for people). */
  training: Record<string, unknown>;
  checksum: string;
}

/** JSON with object keys sorted at every level: the checksum does not depend on key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

function checksumOf(body: Omit<ClassifierFile, "checksum">): string {
  return "sha256:" + createHash("sha256").update(canonical(body)).digest("hex");
}

/** The file's text for a trained pipeline. */
export function classifierToJson(pipeline: Pipeline, target: string, training: Record<string, unknown>): string {
  const body = { format: CLASSIFIER_FORMAT, version: CLASSIFIER_VERSION, target, pipeline, training } as const;
  return JSON.stringify({ ...body, checksum: checksumOf(body) }) + "\n";
}

const invalid = (file: string, what: string): MimicError =>
  new MimicError("ML_MODEL_INVALID", `${file} is not a usable mimic classifier: ${what}. Train it again with \`mimic train\`.`);

const isNumArray = (v: unknown, length?: number): v is number[] =>
  Array.isArray(v) && (length === undefined || v.length === length) && v.every((x) => typeof x === "number" && Number.isFinite(x));
const isIntIn = (v: unknown, max: number): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) < max;

/** Every tree walks from its root to a leaf within its arrays, on bins the edges can produce. */
function forestFits(m: Record<string, unknown>, d: number, k: number): boolean {
  const edges = m.edges;
  if (!Array.isArray(edges) || edges.length !== d || !edges.every((e) => isNumArray(e) && e.length < FOREST_BINS)) return false;
  const trees = m.trees;
  if (!Array.isArray(trees) || trees.length === 0 || trees.length > 65_535) return false;
  return trees.every((t: Partial<ForestTree>) => {
    if (!t || !isNumArray(t.feature) || !isNumArray(t.split, t.feature.length) || !isNumArray(t.child, t.feature.length)) return false;
    const nodes = t.feature.length;
    if (nodes === 0) return false;
    // Children come after their parent, so a walk always ends (no cycles).
    return t.feature.every((f, i) =>
      f === -1 ? isIntIn(t.child![i], k) : isIntIn(f, d) && isIntIn(t.split![i], FOREST_BINS) && t.child![i]! > i && t.child![i]! + 1 < nodes,
    );
  });
}

function svmFits(m: Record<string, unknown>, d: number, k: number): boolean {
  if (m.kernel === "linear") return m.rff === null && isNumArray(m.weights, k * (d + 1));
  if (m.kernel !== "rbf") return false;
  const rff = m.rff as Partial<FourierFeatures> | null;
  if (!rff || !Number.isInteger(rff.dims) || (rff.dims as number) < 1) return false;
  const dims = rff.dims as number;
  return isNumArray(rff.omega, dims * d) && isNumArray(rff.phase, dims) && isNumArray(m.weights, k * (dims + 1));
}

/** Parses and checks a classifier file: format, version, checksum, then every shape the predictor relies on. */
export function classifierFromJson(text: string, file: string): ClassifierFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid(file, "it is not JSON");
  }
  if (raw === null || typeof raw !== "object" || (raw as { format?: unknown }).format !== CLASSIFIER_FORMAT)
    throw invalid(file, `it has no "format": "${CLASSIFIER_FORMAT}" field (a model of \`mimic fit\` is used by \`mimic sample\`, not predict)`);
  const f = raw as Partial<ClassifierFile>;
  if (f.version !== CLASSIFIER_VERSION)
    throw new MimicError(
      "ML_MODEL_VERSION",
      `${file} is a classifier of format version ${JSON.stringify(f.version)}; this mimic reads version ${CLASSIFIER_VERSION}. Train it again with this version's \`mimic train\`.`,
    );
  const { checksum, ...body } = f;
  if (typeof checksum !== "string" || checksum !== checksumOf(body as Omit<ClassifierFile, "checksum">))
    throw new MimicError(
      "ML_MODEL_EDITED",
      `${file} does not match its checksum: it was edited by hand or truncated. Train it again with \`mimic train\` (change options there, not in the file).`,
    );
  const p = f.pipeline;
  if (!p || typeof p !== "object" || typeof f.target !== "string") throw invalid(file, "the pipeline or target is missing");
  const d = Array.isArray(p.features) ? p.features.length : 0;
  const k = Array.isArray(p.classes) ? p.classes.length : 0;
  if (d === 0 || !p.features.every((s) => typeof s === "string")) throw invalid(file, "it lists no features");
  if (k < 2 || !p.classes.every((s) => typeof s === "string")) throw invalid(file, "it lists fewer than two classes");
  if (p.scaler !== null && !(p.scaler && isNumArray(p.scaler.mean, d) && isNumArray(p.scaler.std, d) && p.scaler.std.every((s) => s > 0)))
    throw invalid(file, "its scaler does not match its features");
  const m = p.model as unknown as Record<string, unknown> | undefined;
  if (!m || m.classes !== k) throw invalid(file, "its model does not match its classes");
  if (m.kind === "logreg") {
    if (m.features !== d || !isNumArray(m.weights, k * (d + 1))) throw invalid(file, "its weights do not match its features and classes");
  } else if (m.kind === "knn") {
    const labels = m.labels;
    if (
      m.features !== d ||
      !Array.isArray(labels) ||
      labels.length === 0 ||
      !labels.every((c) => isIntIn(c, k)) ||
      !isNumArray(m.points, labels.length * d) ||
      !Number.isInteger(m.k) ||
      (m.k as number) < 1 ||
      (m.k as number) > labels.length
    )
      throw invalid(file, "its neighbours do not match its features and classes");
  } else if (m.kind === "forest") {
    if (m.features !== d || !forestFits(m, d, k)) throw invalid(file, "its trees do not match its features and classes");
  } else if (m.kind === "svm") {
    if (m.features !== d || !svmFits(m, d, k)) throw invalid(file, "its weights do not match its features and classes");
  } else if (m.kind === "majority") {
    if (!isIntIn(m.majority, k)) throw invalid(file, "its majority class is out of range");
  } else throw invalid(file, `its model kind ${JSON.stringify(m.kind)} is not one mimic knows`);
  return f as ClassifierFile;
}
