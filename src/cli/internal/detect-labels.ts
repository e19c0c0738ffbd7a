// The faults `mimic detect --score` scores against: the JSON lines `mimic simulate --faults-out`
// (and bench/detect-eval.ts) write, or the `fault` column of a `mimic generate iot` file, turned into
// fault spans (consecutive readings of one device carrying the same kind). A labels file must be of
// the input's fleet and time range; anything else is refused, not scored.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { TruthFault } from "../../analytics/detect/index.js";
import { MimicError } from "../../errors/index.js";
import { FAULT_KINDS } from "../../sensors/index.js";
import type { DetectInput } from "./detect-input.js";

function bad(message: string): MimicError {
  return new MimicError("DETECT_BAD_LABELS", message);
}

/** Reads a faults JSONL file and checks it belongs to the input. */
export function readFaultsFile(file: string, cwd: string, inputs: readonly DetectInput[]): TruthFault[] {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), "utf8");
  } catch (cause) {
    throw new MimicError("IO_UNREADABLE", `Cannot read ${file}; give the faults file of \`mimic simulate --faults-out\`.`, { cause });
  }
  const faults: TruthFault[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    let f: unknown;
    try {
      f = JSON.parse(line);
    } catch {
      throw bad(`${file}: line ${i + 1} is not JSON; --score takes the JSON lines of \`mimic simulate --faults-out\` ({device, kind, start, end}).`);
    }
    const r = f as Partial<TruthFault>;
    if (typeof r.device !== "string" || typeof r.kind !== "string" || typeof r.start !== "number" || typeof r.end !== "number")
      throw bad(`${file}: line ${i + 1} is not a fault {device, kind, start, end} (start and end in epoch ms).`);
    if (!(FAULT_KINDS as readonly string[]).includes(r.kind)) throw bad(`${file}: line ${i + 1} has kind "${r.kind}"; faults are ${FAULT_KINDS.join(", ")}.`);
    faults.push({ device: r.device, kind: r.kind, start: r.start, end: r.end });
  }
  if (faults.length === 0) throw bad(`${file} holds no faults; give the file of \`mimic simulate --faults-out\` for this input.`);
  const devices = new Set(inputs.map((x) => x.series.device));
  const foreign = faults.filter((f) => !devices.has(f.device));
  if (foreign.length === faults.length)
    throw bad(
      `${file}: none of its devices (${[...new Set(faults.map((f) => f.device))].slice(0, 3).join(", ")}, …) is in the input; these labels are of another fleet.`,
    );
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of inputs) {
    const t = x.truth.truth;
    if (t.length > 0) {
      lo = Math.min(lo, t[0]!);
      hi = Math.max(hi, t[t.length - 1]!);
    }
  }
  const inRange = faults.filter((f) => devices.has(f.device) && f.end >= lo - 86_400_000 && f.start <= hi + 86_400_000);
  if (inRange.length === 0) throw bad(`${file}: its faults lie outside the input's time range; these labels are of another run.`);
  return faults.filter((f) => devices.has(f.device));
}

/**
 * Faults from the input's `fault` column: each maximal run of readings of one device carrying a
 * kind is one fault. A dropout has no readings to carry its label, so the column cannot score it.
 */
export function faultsFromLabels(inputs: readonly DetectInput[]): TruthFault[] {
  const out: TruthFault[] = [];
  for (const x of inputs) {
    const labels = x.truth.labels;
    if (labels === undefined) continue;
    const open = new Map<string, { start: number; end: number }>();
    for (let i = 0; i <= labels.length; i++) {
      const kinds = i < labels.length && labels[i] !== "" ? labels[i]!.split("+") : [];
      const at = i < labels.length ? x.truth.truth[i]! : 0;
      for (const [kind, span] of open) {
        if (!kinds.includes(kind) || kind === "spike") {
          out.push({ device: x.series.device, kind, start: span.start, end: span.end });
          open.delete(kind);
        }
      }
      for (const kind of kinds) {
        const span = open.get(kind);
        if (span) span.end = at;
        else open.set(kind, { start: at, end: at });
      }
    }
  }
  return out;
}
