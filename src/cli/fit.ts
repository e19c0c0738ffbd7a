// `mimic fit data.csv --out model.json`: learn a Gaussian copula from a real table.
import { resolve } from "node:path";
import type { Writable } from "node:stream";
import { MimicError } from "../errors/index.js";
import {
  applyPrivacy,
  DEFAULT_NA_MARKERS,
  fitModel,
  holdoutRows,
  privacySettings,
  readMetadata,
  splitTable,
  writeModel,
  writeTableCsv,
  type MethodChoice,
  type SynthesisMethod,
} from "../synth/model/index.js";
import { chooseMethod } from "../synth/evaluate/index.js";
import { streamSink } from "../synth/writers/index.js";
import { parseSeed } from "./internal/seed.js";
import type { Command } from "./command.js";
import { parseFlags, stringFlag } from "./internal/flags.js";
import { progressReporter } from "./internal/progress.js";
import { readTableShowingProgress } from "./internal/read-table.js";

const HELP = `Usage: mimic fit <data.csv|data.parquet> --out <model.json> [--method copula|cart|auto] [--holdout 20%]
                [--metadata <meta.yaml|json>] [--privacy <level>] [--na <markers>] [--seed <n>]

Reads a CSV table (header row, RFC 4180 quoting, empty/NA cells as missing; comma, semicolon, tab
or pipe delimiters sniffed; R's row names, month-name dates and 1,234 thousands read) or a Parquet
file (told by its content; its column types are used as they are), works out
each column's type and fits a Gaussian copula: one distribution per column plus the correlations
between all of them. The model is a JSON file with no real rows in it: quantiles, category
frequencies, one correlation matrix.

Exact relationships found on 99% of rows are listed with their support and kept by sampling:
one column determining another (product -> price), arithmetic (amount = price * quantity),
orderings (end >= start) and rows grouped under one id (a basket's lines).

Column types found: integer, decimal (places kept), datetime (format kept), categorical, boolean,
identifier (regenerated unique), free text (replaced by common words), personal data — emails,
phone numbers, person names — (replaced by generators), constant and empty columns (kept as is).
Every decision is printed; override any in a metadata file.

Options:
  --out <path>        where to write the model (required; - for stdout, the summary then goes
                      to stderr)
  --metadata <path>   column type overrides, JSON or YAML:
                        columns:
                          zip:    { type: categorical }
                          signup: { type: datetime, format: DD/MM/YYYY }
                          notes:  { type: drop }
                        constraints:
                          - product -> price            (declared: must hold on every row)
                          - drop: amount -> type        (a found one not to keep; drop: all)
                      types: ${"numeric, integer, datetime, categorical, boolean, identifier, text, email, phone, name, first_name, last_name, drop"}
  --privacy <level>   trade fidelity for distance from the real rows: off (default, the
                      faithful fit), low, medium, high, max, or a strength between 0 and 1.
                      Shrinks correlations toward 0, mixes category frequencies with the
                      uniform, and smooths each number's distribution (docs/model.md has the
                      measured quality / DCR trade-off on real tables)
  --method <name>     copula (default): one correlation matrix over every column's normal
                      scores; cart: sequential CART as in R's synthpop — each column drawn from
                      a tree on the columns before it (categorical interactions, non-linear
                      dependence); auto: fits both on 80% of the table and keeps the one whose
                      sample scores the higher quality (or the clearly higher utility) against
                      the other 20%, unless its rows sit closer to the rows it learnt than
                      unseen rows do and the other's do not; it says why
  --holdout <share>   keep real rows aside (20%, 0.2 or a row count): the model never sees
                      them; they are written next to the model as <model>.holdout.csv, the
                      rows learnt as <model>.train.csv, for \`mimic evaluate <model>.train.csv
                      synth.csv --holdout <model>.holdout.csv\`
                      (overfitting, membership inference, exact copies against real data)
  --seed <n>          seed of the holdout split and of auto's comparison (default 42)
  --na <markers>      comma-separated cells that mean "missing" (an empty cell always does),
                      replacing the default, pandas' list (NA, N/A, NULL, None, NaN, #N/A, …);
                      "default" stands for that list: --na default,-999. A column whose missing
                      cells were written as a marker (NA, None) gets it back from sample.
                      In Parquet, nulls are missing, and text cells only when listed in --na
  --quiet             print nothing but errors

Examples:
  mimic fit cars.csv --out cars.model.json
  mimic fit cars.csv --out - --quiet | gzip > cars.model.json.gz
  mimic fit customers.csv --metadata customers.meta.yaml --out customers.model.json
  mimic fit patients.csv --privacy high --out patients.model.json
  mimic fit penguins.csv --method auto --holdout 20% --out penguins.model.json
  mimic fit survey.csv --na default,-999,unknown --out survey.model.json
  mimic fit sales.parquet --out sales.model.json
`;

/** The --na list: comma-separated markers, "default" standing for pandas' list. */
function parseNaMarkers(text: string): string[] {
  const markers = text.split(",").flatMap((m) => (m.trim() === "default" ? DEFAULT_NA_MARKERS : [m.trim()]));
  if (markers.every((m) => m === "") && text.trim() !== "") {
    throw new MimicError("MODEL_BAD_NA", `--na "${text}" names no marker; give comma-separated markers such as --na NA,-999 (or --na default,-999).`);
  }
  return [...new Set(markers)];
}

/** The model on stdout: a reader that goes away (`fit … --out - | head`) ends the output quietly, as for generate. */
async function writeModelToStdout(stream: Writable, model: unknown): Promise<void> {
  const sink = streamSink(stream);
  await sink.write(Buffer.from(JSON.stringify(model, null, 1) + "\n"));
  await sink.close();
}

export const command: Command = {
  name: "fit",
  summary: "Learn a model (Gaussian copula or sequential CART) from a real table (CSV or Parquet)",
  help: HELP,
  async run(argv, io) {
    const started = performance.now();
    const flags = parseFlags(
      argv,
      {
        out: { type: "string" },
        metadata: { type: "string" },
        privacy: { type: "string" },
        na: { type: "string" },
        method: { type: "string" },
        holdout: { type: "string" },
        seed: { type: "string" },
        quiet: { type: "boolean" },
      },
      "fit",
    );
    const [input, ...extra] = flags.positionals;
    if (!input) throw new MimicError("CLI_MISSING_ARGUMENT", "mimic fit needs the CSV file to learn from, e.g. `mimic fit cars.csv --out model.json`.");
    if (extra.length > 0) throw new MimicError("CLI_BAD_FLAG", `mimic fit takes one CSV file, got also ${extra.join(", ")}.`);
    const out = stringFlag(flags, "out");
    if (!out) throw new MimicError("CLI_MISSING_ARGUMENT", "mimic fit needs --out <model.json>, the file to write the model to.");
    // Checked before the (possibly long) read, so a typo fails at once.
    const privacy = privacySettings(stringFlag(flags, "privacy") ?? "off");
    const methodFlag = stringFlag(flags, "method") ?? "copula";
    if (!["copula", "cart", "auto"].includes(methodFlag))
      throw new MimicError("MODEL_BAD_METHOD", `--method ${JSON.stringify(methodFlag)} is not a synthesiser mimic has; use copula, cart or auto.`);
    if (methodFlag === "cart" && privacy.shrink + privacy.flatten + privacy.bandwidth > 0)
      throw new MimicError(
        "MODEL_BAD_METHOD",
        "--privacy smooths the copula's distributions; use it with --method copula (CART leaves already summarise 20+ rows each).",
      );
    const seed = parseSeed(stringFlag(flags, "seed"));
    const holdoutFlag = stringFlag(flags, "holdout");
    if (holdoutFlag !== undefined && out === "-")
      throw new MimicError("CLI_BAD_FLAG", "--holdout writes <model>.holdout.csv next to the model; give --out a file, not -.");
    const path = resolve(io.cwd, input);
    // No stop signal: fit writes nothing until its model is complete, and most of its time is
    // computing without yielding, when a handler could not run; Node's default (stop at once) is
    // the one Ctrl-C that works here (src/main.ts installs handlers only for commands that ask).
    const naFlag = stringFlag(flags, "na");
    const na = naFlag !== undefined ? parseNaMarkers(naFlag) : undefined;
    const whole = await readTableShowingProgress(io.stderr, path, started, na ? { na } : {});
    const held = holdoutFlag === undefined ? 0 : holdoutRows(holdoutFlag, whole.rowCount);
    const split = held > 0 ? splitTable(whole, held, seed) : undefined;
    const table = split ? split.fit : whole;
    const metadataPath = stringFlag(flags, "metadata");
    const metadata = metadataPath
      ? await readMetadata(
          resolve(io.cwd, metadataPath),
          table.columns.map((c) => c.name),
        )
      : undefined;
    const progress = progressReporter(io.stderr, table.columns.length + 3, { unit: "steps", label: "fitting", since: started });
    let fitted;
    let choice: MethodChoice | undefined;
    try {
      // auto with --privacy: only the copula takes it.
      if (methodFlag === "auto" && privacy.shrink + privacy.flatten + privacy.bandwidth === 0)
        choice = await chooseMethod(table, metadata, typeof seed === "number" ? seed : 42);
      const method: SynthesisMethod = choice ? choice.chosen : methodFlag === "cart" ? "cart" : "copula";
      fitted = fitModel(table, metadata, { method, onStep: (done, total) => progress.update(done, total) });
    } finally {
      progress.done();
    }
    if (choice) fitted.model.choice = choice;
    const { columns } = fitted;
    const model = applyPrivacy(fitted.model, privacy);
    // `--out -`: the model is the output, so the summary moves to stderr.
    const report = out === "-" ? io.stderr : io.stdout;
    if (out === "-") await writeModelToStdout(io.stdout, model);
    else await writeModel(resolve(io.cwd, out), model);
    const stem = resolve(io.cwd, out).replace(/\.json$/i, "");
    const holdoutPath = split ? stem + ".holdout.csv" : undefined;
    const trainPath = split ? stem + ".train.csv" : undefined;
    if (split && holdoutPath && trainPath) {
      // The rows learnt go next to them: evaluate compares with those, so held-out rows never count as training.
      await writeTableCsv(holdoutPath, split.holdout);
      await writeTableCsv(trainPath, split.fit);
    }
    if (flags.values["quiet"] !== true) {
      const width = Math.min(28, Math.max(6, ...columns.map((c) => c.name.length)));
      const modelWidth = Math.min(80, Math.max(30, ...columns.map((c) => c.model.length)));
      const lines = columns.map((c) => `  ${c.name.padEnd(width)}  ${c.type.padEnd(11)}  ${c.model.padEnd(modelWidth)}  ${c.reason}`);
      report.write(
        [
          `Fitted ${table.rowCount.toLocaleString("en-US")} rows × ${table.columns.length} columns → ${out === "-" ? "stdout" : out}`,
          ...(choice
            ? [`Method auto: ${choice.reason}.`]
            : model.method === "cart"
              ? ["Method: sequential CART (a tree per column on the columns before it)."]
              : []),
          ...(split && holdoutPath
            ? [
                `Held out ${split.holdout.rowCount.toLocaleString("en-US")} real rows (not learnt) → ${holdoutPath}; the rows learnt → ${trainPath}`,
                `  evaluate with: mimic evaluate ${trainPath} <synthetic.csv> --holdout ${holdoutPath}`,
              ]
            : []),
          "",
          `  ${"column".padEnd(width)}  ${"type".padEnd(11)}  ${"model".padEnd(modelWidth)}  why`,
          ...lines,
          "",
        ].join("\n") + "\n",
      );
      if (model.privacy) {
        const p = model.privacy;
        report.write(
          `Privacy ${p.level}: correlations shrunk by ${p.shrink}, category frequencies mixed ${p.flatten} with uniform, number distributions smoothed (bandwidth ${p.bandwidth} × spread).\n`,
        );
      }
      if (fitted.relationships.length > 0) {
        report.write(
          [
            "Relationships (share of real rows that keep them; * kept exactly when sampling, the others follow from those or are checked by evaluate):",
            ...fitted.relationships.map((r) => `  ${r.kept ? "*" : " "} ${r.text}  (${(r.support * 100).toFixed(r.support === 1 ? 0 : 2)}%)`),
            "",
          ].join("\n") + "\n",
        );
      }
      if (model.notices.length > 0) report.write(["Notices:", ...model.notices.map((n) => `  - ${n.column} ${n.message}`), ""].join("\n") + "\n");
    }
    return 0;
  },
};
