// `mimic evaluate real.csv synth.csv`: quality and privacy scores, as JSON and an HTML report.
import { open, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { MimicError } from "../errors/index.js";
import { evaluateTables, privacyReadings, renderReport, requireRows, type Evaluation } from "../synth/evaluate/index.js";
import type { Command } from "./command.js";
import { parseCount, parseFlags, stringFlag } from "./internal/flags.js";
import { progressReporter } from "./internal/progress.js";
import { readTableShowingProgress } from "./internal/read-table.js";
import { DEFAULT_SEED } from "./internal/seed.js";

const HELP = `Usage: mimic evaluate <real.csv> <synthetic.csv> [--holdout <holdout.csv>] [--target <column>]
                     [--report <report.html>] [--json <out.json>]

Scores how alike a synthetic table is to the real one and how much it gives away, with SDMetrics'
definitions so the numbers compare with SDV's reports:
  quality   column shapes (KSComplement, TVComplement), column-pair trends (CorrelationSimilarity,
            ContingencySimilarity), overall = their mean; with SDMetrics' thresholds (only pairs
            whose real |ρ| > 0.5 or Cramér's V > 0.3) and without
  validity  BoundaryAdherence, CategoryAdherence, MissingValueSimilarity, KeyUniqueness
  privacy   DCR baseline protection (distance to closest real row vs random rows), with --holdout
            DCR overfitting protection (against as many training as holdout rows), exact
            copies beside the holdout's own rate, and a membership-inference attack's advantage,
            each read in plain words
  utility   with --holdout: a logistic regression (as \`mimic train\`) learns each target from
            the other columns on the synthetic rows (TSTR) and on the real ones (TRTR), both
            tested on the holdout; the ratio of their macro-F1 (≤ 20,000 rows each); a number
            target is learnt by ridge regression and scored by R²
Each score is shown next to the same score for an independent-columns baseline.
Synthetic values that are not of the real column's type (text in a number or date column) are
counted as mismatches and reported: a warning per column on stderr, and in the JSON and report.
Each table is a CSV (a header row) or a Parquet file (told by its content), with at least two rows.

Options:
  --holdout <path>   real rows NOT used for fitting: adds DCROverfittingProtection
  --target <col>     utility target(s), comma-separated (default: every category column with
                      2–20 values; a number column is scored by R²); needs --holdout
  --report <path>    write a self-contained HTML report (no network needed to view it)
  --json <path>      write every score and the plot data as JSON ("-" for stdout)
  --seed <n>         seed of the subsamples and random baselines (default ${DEFAULT_SEED})
  --dcr-rows <n>     synthetic rows whose closest real row is searched (default 1000, max 100000)

Examples:
  mimic evaluate cars.csv synth.csv --report report.html
  mimic evaluate train.csv synth.csv --holdout test.csv --json scores.json
`;

/** An output checked writable up front, written under a temporary name and renamed into place once every output is written. */
interface Staged {
  path: string;
  tmp: string;
}

function unwritable(path: string, cause?: unknown): MimicError {
  return new MimicError("IO_UNWRITABLE", `Cannot write "${path}"; check the folder exists and is writable.`, cause === undefined ? undefined : { cause });
}

/**
 * Checks every output before the (possibly long) evaluation, so a bad path fails at once, by
 * creating and removing its temporary file: nothing stays on disk while the evaluation runs, so
 * Ctrl-C (which stops evaluate at once) leaves nothing behind.
 */
async function stageOutputs(paths: readonly string[]): Promise<Staged[]> {
  const staged: Staged[] = [];
  for (const [i, path] of paths.entries()) {
    const existing = await stat(path).catch(() => undefined);
    if (existing?.isDirectory()) throw unwritable(path);
    const tmp = `${path}.tmp-${process.pid}-${i}`;
    try {
      await (await open(tmp, "w")).close();
      await rm(tmp, { force: true });
    } catch (cause) {
      throw unwritable(path, cause);
    }
    staged.push({ path, tmp });
  }
  return staged;
}

async function discardOutputs(staged: readonly Staged[]): Promise<void> {
  for (const s of staged) await rm(s.tmp, { force: true });
}

/** Writes each output's text to its temporary file, then renames them all into place. */
async function commitOutputs(staged: readonly Staged[], texts: readonly string[]): Promise<void> {
  let current = staged[0]?.path ?? "";
  try {
    for (const [i, s] of staged.entries()) {
      current = s.path;
      await writeFile(s.tmp, texts[i]!);
    }
    for (const s of staged) {
      current = s.path;
      await rename(s.tmp, s.path);
    }
  } catch (cause) {
    await discardOutputs(staged);
    throw unwritable(current, cause);
  }
}

/** Pairs with a near-unique category column, said apart: their Cramér's V says nothing. */
function nearUniqueNote(pairs: Evaluation["quality"]["pairs"]): string[] {
  const columns = [...new Set(pairs.flatMap((p) => (p.nearUnique ? [p.nearUnique] : [])))];
  if (columns.length === 0) return [];
  const n = pairs.filter((p) => p.nearUnique).length;
  return [
    `Near-unique categories: ${columns.join(", ")} (almost one row per value) — their ${n} pair(s) count only in the all-pairs score; Cramér's V is near 1 for any such column, so it cannot say whether they relate to the others.`,
    "",
  ];
}

function summary(e: Evaluation): string {
  const f = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? "n/a" : x.toFixed(3));
  const q = e.quality,
    b = e.baseline.quality,
    p = e.privacy,
    bp = e.baseline.privacy;
  const row = (label: string, v: number | undefined, base: number | undefined): string => `  ${label.padEnd(30)} ${f(v).padStart(7)}   ${f(base).padStart(8)}`;
  return [
    `Real ${e.rows.real.toLocaleString("en-US")} rows · synthetic ${e.rows.synthetic.toLocaleString("en-US")} rows${e.rows.holdout === undefined ? "" : ` · holdout ${e.rows.holdout.toLocaleString("en-US")} rows`}`,
    "",
    `  ${"score".padEnd(30)} ${"value".padStart(7)}   ${"baseline".padStart(8)}`,
    row("overall quality (thresholded)", q.score, b.score),
    row("overall quality (all pairs)", q.scoreAllPairs, b.scoreAllPairs),
    row("column shapes", q.columnShapes, b.columnShapes),
    row("column pair trends", q.columnPairTrends, b.columnPairTrends),
    row("validity", q.validity, b.validity),
    row("DCR baseline protection", p.dcrBaselineProtection, bp.dcrBaselineProtection),
    ...(p.dcrOverfittingProtection === undefined ? [] : [row("DCR overfitting protection", p.dcrOverfittingProtection, bp.dcrOverfittingProtection)]),
    ...(p.dcrOverfittingNoise === undefined
      ? []
      : [`  ${"  no-memorisation range (95%)".padEnd(30)} ${`${f(p.dcrOverfittingNoise.low)}–${f(p.dcrOverfittingNoise.high)}`.padStart(7)}`]),
    `  ${"exact copies of real rows".padEnd(30)} ${String(p.exactCopies).padStart(7)}   ${String(bp.exactCopies).padStart(8)}`,
    ...(p.copies === undefined
      ? []
      : [`  ${"  of held-out rows (chance)".padEnd(30)} ${String(p.copies.holdout).padStart(7)}   ${String(bp.copies?.holdout ?? "").padStart(8)}`]),
    ...(p.membershipAdvantage === undefined ? [] : [row("membership inference advantage", p.membershipAdvantage, bp.membershipAdvantage)]),
    "",
    ...(e.utility === undefined || e.utility.length === 0
      ? []
      : [
          "Utility (on the held-out real rows: trained on real / on synthetic = ratio; logistic regression's macro-F1, or ridge regression's R² for a number):",
          ...e.utility.map((u) => `  ${u.target.padEnd(28)} ${f(u.trtr)} / ${f(u.tstr)} = ${f(u.ratio)}  ${u.metric === "r2" ? "R²" : "macro-F1"}`),
          "",
        ]),
    ...nearUniqueNote(q.pairs),
    "Privacy, in plain words:",
    ...privacyReadings(p).map((r) => `  - ${r}`),
    "",
    ...(q.relationships.length === 0
      ? []
      : [
          "Exact relationships of the real table (share of rows keeping each: real, synthetic, baseline):",
          ...q.relationships.map(
            (r, i) =>
              `  ${r.relationship.padEnd(44)} ${(r.real * 100).toFixed(2).padStart(7)}%  ${(r.synthetic * 100).toFixed(2).padStart(7)}%  ${((b.relationships[i]?.synthetic ?? Number.NaN) * 100).toFixed(2).padStart(7)}%`,
          ),
          "",
        ]),
  ].join("\n");
}

/** One warning line per column whose values are not of the real column's type. */
export function invalidWarnings(e: Evaluation): string[] {
  return e.invalidValues.map(
    (v) =>
      `mimic: warning: ${v.table} column "${v.column}": ${v.count.toLocaleString("en-US")} value(s), ${(v.share * 100).toFixed(1)}% of its non-empty values, are not ${v.expected} ` +
      `(e.g. ${v.examples.map((x) => JSON.stringify(x)).join(", ")})` +
      (v.table === "synthetic" ? "; counted as mismatches, which lowers the column's scores." : "; read as empty values in the holdout."),
  );
}

export const command: Command = {
  name: "evaluate",
  summary: "Score a synthetic table against the real one (quality, privacy, HTML report)",
  help: HELP,
  async run(argv, io) {
    const started = performance.now();
    const flags = parseFlags(
      argv,
      {
        holdout: { type: "string" },
        target: { type: "string" },
        report: { type: "string" },
        json: { type: "string" },
        seed: { type: "string" },
        "dcr-rows": { type: "string" },
      },
      "evaluate",
    );
    const [realPath, synthPath, ...extra] = flags.positionals;
    if (!realPath || !synthPath)
      throw new MimicError(
        "CLI_MISSING_ARGUMENT",
        "mimic evaluate needs the real and the synthetic CSV, e.g. `mimic evaluate cars.csv synth.csv --report report.html`.",
      );
    if (extra.length > 0) throw new MimicError("CLI_BAD_FLAG", `mimic evaluate takes two tables (CSV or Parquet), got also ${extra.join(", ")}.`);
    const seed = parseCount("--seed", stringFlag(flags, "seed"), DEFAULT_SEED, 0, 2 ** 32 - 1);
    const dcrRows = parseCount("--dcr-rows", stringFlag(flags, "dcr-rows"), 1000, 1, 100_000);
    const holdoutPath = stringFlag(flags, "holdout");
    const targetFlag = stringFlag(flags, "target");
    const targets =
      targetFlag === undefined
        ? undefined
        : targetFlag
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean);
    if (targets !== undefined && !holdoutPath)
      throw new MimicError(
        "EVAL_BAD_TARGET",
        "--target measures utility on held-out real rows; give them with --holdout (e.g. the <model>.holdout.csv of `mimic fit --holdout 20%`).",
      );
    const json = stringFlag(flags, "json");
    const report = stringFlag(flags, "report");
    const jsonFile = json !== undefined && json !== "-" ? resolve(io.cwd, json) : undefined;
    const reportFile = report !== undefined ? resolve(io.cwd, report) : undefined;
    const staged = await stageOutputs([reportFile, jsonFile].filter((p): p is string => p !== undefined));
    let evaluation: Evaluation;
    const texts: string[] = [];
    // No stop signal (see fit): evaluate computes without yielding, so Node's default, stopping at
    // once, is the Ctrl-C that works, and no output exists on disk until the very end.
    try {
      const real = await readTableShowingProgress(io.stderr, resolve(io.cwd, realPath), started);
      requireRows(real, `"${realPath}"`);
      const synthetic = await readTableShowingProgress(io.stderr, resolve(io.cwd, synthPath), started);
      requireRows(synthetic, `"${synthPath}"`);
      const holdout = holdoutPath ? await readTableShowingProgress(io.stderr, resolve(io.cwd, holdoutPath), started) : undefined;
      if (holdout) requireRows(holdout, `"${holdoutPath}"`);
      const progress = progressReporter(io.stderr, 7, { unit: "steps", label: "evaluating", since: started });
      try {
        evaluation = evaluateTables(real, synthetic, holdout, {
          seed,
          dcrRows,
          ...(targets ? { targets } : {}),
          onStep: (done, total) => progress.update(done, total),
        });
      } finally {
        progress.done();
      }
      if (reportFile) {
        const labels = { real: basename(realPath), synthetic: basename(synthPath), ...(holdoutPath ? { holdout: basename(holdoutPath) } : {}) };
        texts.push(renderReport(evaluation, labels));
      }
      if (jsonFile) texts.push(JSON.stringify(evaluation, null, 1) + "\n");
    } catch (error) {
      await discardOutputs(staged);
      throw error;
    }
    await commitOutputs(staged, texts);
    for (const line of invalidWarnings(evaluation)) io.stderr.write(line + "\n");
    if (json === "-") io.stdout.write(JSON.stringify(evaluation, null, 1) + "\n");
    else io.stdout.write(summary(evaluation) + (report ? `Report: ${report}\n` : ""));
    return 0;
  },
};
