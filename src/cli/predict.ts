import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { MimicError } from "../errors/index.js";
import { classifierFromJson, predictPipeline } from "../ml/index.js";
import type { Command } from "./command.js";
import { readCsvFiles } from "./internal/analyze-input.js";
import { parseFlags, stringFlag } from "./internal/flags.js";
import { featureRows } from "./internal/ml-input.js";

const HELP = `Usage: mimic predict <model.json> --in <readings.csv> [--in …] [--out <predictions.csv>]
       mimic predict <model.json> --in <readings.csv> --column <name>

Predicts the target of each reading with a model of \`mimic train\`. The model file is checked
first: one from another format version, or edited by hand (its checksum no longer matches), is
refused. Readings of a sensor type without the model's features, or with one missing, are left out
(counted on stderr).

Options:
  --in <file>          a CSV from \`mimic query --format csv\` or \`mimic generate iot\` (repeatable)
  --out <file.csv>     where to write device,type,timestamp,<column> (default: stdout)
  --column <name>      name of the prediction column (default predicted_<target>, e.g. predicted_device)

Examples:
  mimic train --in may.csv --out model.json
  mimic predict model.json --in june.csv --out predictions.csv
`;

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** `mimic predict`: a trained classifier over new readings. */
export const predictCommand: Command = {
  name: "predict",
  summary: "Predict the device of each reading with a model of `mimic train` (CSV out)",
  help: HELP,
  async run(argv, io) {
    const flags = parseFlags(argv, { in: { type: "string", multiple: true }, out: { type: "string" }, column: { type: "string" } }, "predict");
    const [modelFile, ...rest] = flags.positionals;
    if (modelFile === undefined) throw new MimicError("CLI_BAD_FLAG", "mimic predict needs the model file first: mimic predict model.json --in readings.csv.");
    if (rest.length > 0) throw new MimicError("CLI_BAD_FLAG", `Unexpected argument "${rest[0]}"; give readings with --in <file>.`);
    const files = (flags.values["in"] as string[] | undefined) ?? [];
    if (files.length === 0) throw new MimicError("CLI_BAD_FLAG", "mimic predict needs readings: --in <file.csv>.");
    const out = stringFlag(flags, "out");
    if (out !== undefined && out !== "-" && !out.toLowerCase().endsWith(".csv"))
      throw new MimicError("CLI_BAD_FLAG", `--out must name a .csv file, got "${out}".`);
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, modelFile), "utf8");
    } catch (cause) {
      throw new MimicError("IO_UNREADABLE", `Cannot read ${modelFile}; check the path (a model written by \`mimic train --out\`).`, { cause });
    }
    const model = classifierFromJson(text, modelFile);
    const { pipeline } = model;
    const rows = featureRows(readCsvFiles(files, io.cwd), pipeline.features, files.join(", "), pipeline.classes);
    const predicted = predictPipeline(pipeline, rows.dataset.x);
    const lines = [`device,type,timestamp,${csvCell(stringFlag(flags, "column") ?? `predicted_${model.target}`)}`];
    for (let i = 0; i < predicted.length; i++)
      lines.push(`${csvCell(rows.devices[i]!)},${rows.types[i]},${rows.dataset.times[i]},${csvCell(pipeline.classes[predicted[i]!]!)}`);
    const csv = lines.join("\n") + "\n";
    if (out === undefined || out === "-") io.stdout.write(csv);
    else {
      try {
        await writeFile(resolve(io.cwd, out), csv);
      } catch (cause) {
        throw new MimicError("IO_UNWRITABLE", `Cannot write ${out}; check the folder exists and is writable.`, { cause });
      }
    }
    io.stderr.write(
      `mimic: predicted ${predicted.length.toLocaleString("en-US")} readings${rows.dropped > 0 ? ` (${rows.dropped.toLocaleString("en-US")} with a missing feature left out)` : ""}\n`,
    );
    return 0;
  },
};

export default predictCommand;
