import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { MimicError } from "../errors/index.js";
import {
  AUTO_CANDIDATES,
  classifierToJson,
  CV_FOLDS,
  CV_MAX_ROWS,
  honestEvaluation,
  MODEL_KINDS,
  renderTrainReport,
  seedProtocol,
  type Evaluation,
  type HonestResult,
  type SeedResult,
} from "../ml/index.js";
import { createRandom } from "../random/index.js";
import type { Command } from "./command.js";
import { parseChoice, parseFlags, stringFlag } from "./internal/flags.js";
import { featureRows, OFFERED_FEATURES, parseFeatures, ROLLING_READINGS, TARGETS, type Target } from "./internal/ml-input.js";
import { readTrainInput, TRAIN_INPUT_FLAGS } from "./internal/train-input.js";
import { DEFAULT_SEED, parseSeed } from "./internal/seed.js";

const HELP = `Usage: mimic train --in <readings.csv> [--in …] --out <model.json> [options]
       mimic train [--data-dir <dir> | --store postgres://…] [--device …] [--from …] [--to …] --out <model.json>

Learns which device sent a reading (or the room it sits in) from its features, and judges the
model honestly: trained on the earlier readings, tested on the later ones (a gap between them),
features standardised with the training part only, scores with 95% bootstrap intervals beside the
majority-class baseline, per-class precision and recall and the confusion matrix. Beside it, the seed's own protocol
(shuffled split, no scaling, cross-validation on the test split) shows how much of its score
was leakage between neighbouring readings.

Input (one of), selected as \`mimic analyze\` selects:
  --in <file>            a CSV or Parquet file from \`mimic query\` or \`mimic generate iot\` (repeatable)
  --data-dir <dir>       the store of \`mimic serve\` (default ./mimic-data; env MIMIC_DATA_DIR)
  --store <url>          postgres://… (env MIMIC_STORE)
  --device <id>          only these devices (repeat, or comma-separated); default: all
  --from <time>          start, inclusive: ISO 8601, epoch seconds or a duration ago (7d)
  --to <time>            end, exclusive

Options:
  --target <what>        what to predict: ${TARGETS.join(" or ")} (default device); room is the room a
                         simulated device sits in: a file's room column (\`mimic generate iot\`), or for
                         the store the fleet \`mimic simulate\` ran, rebuilt from its options:
  --fleet-seed <n>       … its --seed (default ${DEFAULT_SEED})
  --fleet-devices <n>    … its --devices (default 12)
  --fleet-layout <l>     … its --layout, sensor or seed (default sensor)
  --fleet-mix <shares>   … its --mix (default dht22=2,pir=1,light=1)
  --features <a,b,…>     of ${OFFERED_FEATURES.slice(0, 6).join(", ")},
                         ${OFFERED_FEATURES.slice(6, 12).join(", ")},
                         ${OFFERED_FEATURES.slice(12).join(", ")}
                         (default temperature,humidity; hour and weekday are UTC, weekday 0 = Sunday;
                         _diff: change since the device's previous reading, _mean: mean of its last
                         ${ROLLING_READINGS} readings; light_state, motion_state: the latest LIGHT or PIR
                         reading of the same device at or before the reading, as \`mimic simulate
                         --layout seed\` devices carry)
  --model <kind>         ${[...MODEL_KINDS, "auto"].join(", ")} (default logreg): multinomial logistic
                         regression with L2; a random forest over binned features; k nearest
                         neighbours over a k-d tree; an SVM (averaged SGD) with --kernel linear or rbf;
                         auto: the best macro-F1 in time folds of the training part
                         (${AUTO_CANDIDATES.map((c) => c.name).join(", ")}), then fitted on all of it
  --k <n>                neighbours of knn (default 5, 1–100)
  --lambda <x>           L2 penalty of logreg and svm (default 0.0001)
  --trees <n>            trees of the forest (default 100, 1–1000)
  --depth <n>            deepest level of the forest's trees (default 8, 1–16)
  --kernel <k>           kernel of svm: linear or rbf (random Fourier features; default linear)
  --folds <n>            rolling time folds inside the training part (default ${CV_FOLDS}, 2–10; on at
                         most ${CV_MAX_ROWS.toLocaleString("en-US")} readings spread over the training period)
  --test-fraction <x>    share of the latest readings to test on (default 0.25, 0.05–0.5)
  --gap-fraction <x>     share of readings between the parts, used by neither (default 0.02, 0–0.2)
  --seed <n>             seed of the bootstrap, the forest, the SVM and the seed's shuffled split (default ${DEFAULT_SEED})
  --out <file.json>      where to write the model (versioned JSON: features, scaler, model, summary)
  --json                 print the evaluation as JSON instead of text
  --report <file.html>   also write the evaluation as an HTML report (confusion matrix, per-class
                         precision and recall, honest vs the seed's protocol, baseline)

Nothing is written when the input or a flag is wrong (exit 2, the message says what to fix).

Examples:
  mimic generate iot --devices 6 --days 14 --out readings.csv
  mimic train --in readings.csv --target device --features temperature,humidity --model logreg --out model.json
  mimic train --in readings.csv --model knn --k 15 --out knn.json --json
  mimic train --in readings.csv --model auto --out best.json --report best.html
  mimic train --data-dir ./mimic-data --from 2019-05-08 --to 2019-06-05 --target room --out rooms.json
`;

function numberFlag(flag: string, raw: string | undefined, fallback: number, min: number, max: number, integer = false): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)))
    throw new MimicError("ML_BAD_OPTION", `${flag} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}, got "${raw}".`);
  return v;
}

const pct = (v: number): string => v.toFixed(3);
const ci = (e: Evaluation["accuracy"]): string => `${pct(e.value)} (${pct(e.low)}–${pct(e.high)})`;
const day = (t: number): string => new Date(t * 1000).toISOString().slice(0, 16).replace("T", " ");

function formatText(
  kind: string,
  target: Target,
  classes: readonly string[],
  rows: number,
  dropped: number,
  features: readonly string[],
  h: HonestResult,
  s: SeedResult,
  out: string,
  report: string | undefined,
): string {
  const noun = target === "room" ? "rooms" : "devices";
  const lines: string[] = [];
  lines.push(
    `${kind} on ${rows.toLocaleString("en-US")} readings of ${classes.length} ${noun}, features ${features.join(", ")}${dropped > 0 ? ` (${dropped.toLocaleString("en-US")} readings with a missing feature left out)` : ""}`,
  );
  lines.push("");
  lines.push(
    `Honest evaluation — split by time: train ${h.split.train.toLocaleString("en-US")} readings ${day(h.split.trainFrom)} to ${day(h.split.trainTo)} UTC,`,
  );
  lines.push(
    `gap ${h.split.gap.toLocaleString("en-US")}, test ${h.split.test.toLocaleString("en-US")} readings ${day(h.split.testFrom)} to ${day(h.split.testTo)} UTC; scaling fitted on the training part`,
  );
  lines.push(`  ${"".padEnd(20)}${"accuracy (95% CI)".padEnd(26)}macro-F1 (95% CI)`);
  lines.push(`  ${kind.padEnd(20)}${ci(h.model.accuracy).padEnd(26)}${ci(h.model.macroF1)}`);
  lines.push(`  ${"majority baseline".padEnd(20)}${ci(h.baseline.accuracy).padEnd(26)}${ci(h.baseline.macroF1)}`);
  lines.push("");
  lines.push(
    `Cross-validation inside the training part (${h.cv.folds.length} rolling time folds of ${h.cv.rows.toLocaleString("en-US")} readings; each fold trains on the past, tests on the next block):`,
  );
  lines.push(`  pooled: accuracy ${ci(h.cv.pooled.accuracy)}, macro-F1 ${ci(h.cv.pooled.macroF1)}`);
  lines.push(`  per fold: ${h.cv.folds.map((f) => `${pct(f.accuracy)} (train ${f.train.toLocaleString("en-US")})`).join(", ")}`);
  if (h.auto) {
    lines.push("");
    lines.push(`auto chose ${h.auto.chosen.name}: ${h.auto.reason}`);
    for (const c of h.auto.candidates) lines.push(`  ${c.name.padEnd(18)}accuracy ${ci(c.cv.pooled.accuracy).padEnd(24)}macro-F1 ${ci(c.cv.pooled.macroF1)}`);
  }
  lines.push("");
  lines.push("The seed's protocol (shuffled 75/25 split, no scaling, 5-fold cross-validation on the test split):");
  lines.push(`  accuracy on the shuffled split ${pct(s.randomSplitAccuracy)}, cross-validated on the test split ${pct(s.testSplitCvAccuracy)}`);
  const lift = s.testSplitCvAccuracy - h.model.accuracy.value;
  lines.push(
    lift > 0
      ? `  ${pct(lift)} above the honest accuracy: that much of the seed's score is leakage between neighbouring readings`
      : `  ${pct(-lift)} below the honest accuracy: little leaks between neighbouring readings here, and the model does worse unscaled`,
  );
  lines.push("");
  lines.push(`Per ${target} on the test part:`);
  const w = Math.max(6, ...classes.map((c) => c.length));
  lines.push(`  ${target.padEnd(w)}  precision  recall  F1     readings`);
  h.model.perClass.forEach((c, i) =>
    lines.push(`  ${classes[i]!.padEnd(w)}  ${pct(c.precision).padEnd(9)}  ${pct(c.recall).padEnd(6)}  ${pct(c.f1)}  ${c.support.toLocaleString("en-US")}`),
  );
  if (classes.length <= 20) {
    lines.push("");
    lines.push(`Confusion matrix (rows: true ${target}, columns: predicted, in the order above):`);
    const k = classes.length;
    const cw = Math.max(4, ...h.model.confusion.map((v) => String(v).length));
    for (let t = 0; t < k; t++)
      lines.push(
        `  ${classes[t]!.padEnd(w)}  ${h.model.confusion
          .slice(t * k, t * k + k)
          .map((v) => String(v).padStart(cw))
          .join(" ")}`,
      );
  }
  lines.push("");
  lines.push(`Model (fitted on the training part, as scored) written to ${out}${report !== undefined ? `; report in ${report}` : ""}`);
  return lines.join("\n") + "\n";
}

/** `mimic train`: a classifier of the device from its readings, judged honestly. */
export const trainCommand: Command = {
  name: "train",
  summary: "Learn which device sent a reading (logreg, forest, kNN, SVM, auto) and judge it honestly beside the baseline",
  help: HELP,
  async run(argv, io) {
    const strings = [
      "target",
      "features",
      "model",
      "k",
      "lambda",
      "trees",
      "depth",
      "kernel",
      "folds",
      "test-fraction",
      "gap-fraction",
      "seed",
      "out",
      "report",
      ...TRAIN_INPUT_FLAGS,
    ] as const;
    const flags = parseFlags(
      argv,
      {
        ...Object.fromEntries(strings.map((n) => [n, { type: "string" as const }])),
        in: { type: "string", multiple: true },
        device: { type: "string", multiple: true },
        json: { type: "boolean" },
      },
      "train",
    );
    if (flags.positionals.length > 0) throw new MimicError("CLI_BAD_FLAG", `Unexpected argument "${flags.positionals[0]}"; give files with --in <file>.`);
    const out = stringFlag(flags, "out");
    if (out === undefined)
      throw new MimicError(
        "CLI_BAD_FLAG",
        "mimic train needs readings (--in <file>, or a store with --data-dir/--store) and --out <model.json>, where the model is written; e.g. `mimic train --in readings.csv --out model.json`.",
      );
    if (!out.toLowerCase().endsWith(".json")) throw new MimicError("CLI_BAD_FLAG", `--out must name a .json file (the model is JSON), got "${out}".`);
    const target = (stringFlag(flags, "target") ?? "device") as Target;
    if (!(TARGETS as readonly string[]).includes(target))
      throw new MimicError("ML_BAD_OPTION", `--target "${target}" is not one this version can learn; use ${TARGETS.join(" or ")}.`);
    const report = stringFlag(flags, "report");
    if (report !== undefined && !/\.html?$/i.test(report))
      throw new MimicError("CLI_BAD_FLAG", `--report must name an .html file (the report is one HTML page), got "${report}".`);
    const asked = parseChoice("--model", stringFlag(flags, "model"), [...MODEL_KINDS, "auto"] as const, "logreg");
    const features = parseFeatures(stringFlag(flags, "features"));
    const k = numberFlag("--k", stringFlag(flags, "k"), 5, 1, 100, true);
    const lambda = numberFlag("--lambda", stringFlag(flags, "lambda"), 1e-4, 0, 100);
    const trees = numberFlag("--trees", stringFlag(flags, "trees"), 100, 1, 1000, true);
    const depth = numberFlag("--depth", stringFlag(flags, "depth"), 8, 1, 16, true);
    const kernel = parseChoice("--kernel", stringFlag(flags, "kernel"), ["linear", "rbf"] as const, "linear");
    const folds = numberFlag("--folds", stringFlag(flags, "folds"), CV_FOLDS, 2, 10, true);
    const testFraction = numberFlag("--test-fraction", stringFlag(flags, "test-fraction"), 0.25, 0.05, 0.5);
    const gapFraction = numberFlag("--gap-fraction", stringFlag(flags, "gap-fraction"), 0.02, 0, 0.2);
    const seed = parseSeed(stringFlag(flags, "seed"));

    const input = await readTrainInput(flags, io, target);
    const { dataset, dropped } = featureRows(input.groups, features, input.source, undefined, input.labelOf);
    if (lambda === 0 && (asked === "svm" || asked === "auto"))
      throw new MimicError("ML_BAD_OPTION", "--lambda must be above 0 for svm (its steps are 1/(λ(t₀ + t))); use e.g. 0.0001.");
    const options = { k, lambda, trees, depth, kernel, folds, seed, testFraction, gapFraction };
    const random = createRandom(seed);
    const honest = honestEvaluation(dataset, asked, options, random.fork("honest"));
    const kind = honest.kind;
    const seedRun = seedProtocol(dataset, kind, honest.options, random.fork("seed-protocol"));
    const rows = dataset.y.length;
    const summary = {
      rows,
      dropped,
      [target === "room" ? "rooms" : "devices"]: dataset.classes.length,
      options: { model: asked, ...options },
      chosen: { model: kind, ...(kind === "svm" ? { kernel: honest.options.kernel ?? "linear" } : {}) },
      split: honest.split,
      crossValidation: honest.cv,
      auto: honest.auto && { chosen: honest.auto.chosen.name, reason: honest.auto.reason, candidates: honest.auto.candidates },
      honest: { model: honest.model, baseline: honest.baseline },
      seedProtocol: seedRun,
    };
    const fileText = classifierToJson(honest.pipeline, target, summary);
    const label = kind === "svm" ? `svm (${honest.options.kernel ?? "linear"})` : kind;
    // Everything is computed before the first byte is written: a failure leaves no partial output.
    const html =
      report === undefined
        ? undefined
        : renderTrainReport({ target, source: input.source, features, classes: dataset.classes, modelName: label, rows, dropped, honest, seed: seedRun });
    const write = async (file: string, text: string): Promise<void> => {
      try {
        await writeFile(resolve(io.cwd, file), text);
      } catch (cause) {
        throw new MimicError("IO_UNWRITABLE", `Cannot write ${file}; check the folder exists and is writable.`, { cause });
      }
    };
    await write(out, fileText);
    if (report !== undefined && html !== undefined) await write(report, html);
    if (flags.values["json"] === true)
      io.stdout.write(
        JSON.stringify({ target, features, classes: dataset.classes, ...summary, out, ...(report !== undefined ? { report } : {}) }, null, 1) + "\n",
      );
    else io.stdout.write(formatText(label, target, dataset.classes, rows, dropped, features, honest, seedRun, out, report));
    return 0;
  },
};

export default trainCommand;
