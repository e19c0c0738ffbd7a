import { extname } from "node:path";
import { MimicError } from "../../errors/index.js";

/** What each output format's files are called; the first is the one to suggest. */
const EXTENSIONS: Readonly<Record<string, readonly string[]>> = { csv: [".csv"], jsonl: [".jsonl", ".ndjson"], parquet: [".parquet", ".pq"] };

/**
 * The format of `--out`: from `--format` or else from the file's extension, and an error where the
 * two disagree (`--format parquet --out out.csv`) or the extension is one mimic does not write
 * (`--out x.xlsx`) — rather than a file whose name lies about its content. Standard output and a
 * name without an extension are CSV unless `--format` says otherwise.
 */
export function chooseOutputFormat<const T extends string>(out: string, formatFlag: string | undefined, choices: readonly T[]): T {
  if (formatFlag !== undefined && !(choices as readonly string[]).includes(formatFlag)) {
    throw new MimicError("CLI_BAD_FLAG", `--format must be one of ${choices.join(", ")}, got "${formatFlag}".`);
  }
  const extension = out === "-" ? "" : extname(out).toLowerCase();
  const named = choices.find((f) => EXTENSIONS[f]?.includes(extension));
  if (formatFlag !== undefined) {
    if (named !== undefined && named !== formatFlag) {
      const better = out.slice(0, out.length - extension.length) + (EXTENSIONS[formatFlag]?.[0] ?? "");
      throw new MimicError("CLI_BAD_FLAG", `--format ${formatFlag} does not match --out ${out}, whose name says ${named}: name the file ${better}, or drop --format to write ${named}.`);
    }
    return formatFlag as T;
  }
  if (named !== undefined) return named;
  if (extension === "") return choices[0]!;
  const known = choices.flatMap((f) => EXTENSIONS[f] ?? []).join(", ");
  throw new MimicError("CLI_BAD_FLAG", `--out ${out}: mimic does not write ${extension} files; it writes ${known}. Choose one of those names, or give --format (${choices.join(", ")}) to write that format under this name.`);
}
