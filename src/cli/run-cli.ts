import { createRequire } from "node:module";
import { isMimicError, MimicError, suggest } from "../errors/index.js";
import type { CliIo } from "./command.js";
import { COMMANDS } from "./commands.js";

// The version is package.json's, two folders up from src/cli/ and from dist/cli/ alike.
const VERSION = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;

function topHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length), 8);
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    "mimic — realistic synthetic data and a self-hosted IoT telemetry pipeline",
    "",
    "Usage: mimic <command> [options]      mimic <command> --help for its options and examples",
    "",
    "Commands:",
    ...lines,
    "",
    "Examples:",
    "  mimic generate coffee-sales --rows 1000000 --seed 42 --out sales.csv",
    "  mimic generate addresses --rows 10000 --format jsonl --out -",
    "  mimic serve --data-dir ./mimic-data",
    "  mimic devices add rp829c7e0e --type DHT22 --data-dir ./mimic-data",
    "  mimic simulate --devices 12 --url http://127.0.0.1:8080 --provision --data-dir ./mimic-data --tokens tokens.json",
    "  mimic fit cars.csv --out model.json && mimic sample model.json --rows 100000 --out synth.csv",
    "  mimic evaluate cars.csv synth.csv --report report.html",
    "",
  ].join("\n");
}

/** Writes an error the way every command reports one: code, message, each issue; never a stack. */
export function reportError(error: unknown, io: CliIo): number {
  if (isMimicError(error)) {
    const lines = [`mimic: ${error.message} [${error.code}]`];
    // The list, unless the message already says every problem in it (dataset options, a single
    // schema problem): then it would only repeat them.
    if (!error.issues.every((issue) => error.message.includes(issue.message))) {
      for (const issue of error.issues) lines.push(`  - ${issue.path}: ${issue.message} (${issue.code})`);
    }
    io.stderr.write(lines.join("\n") + "\n");
    return error.exitCode;
  }
  io.stderr.write(
    "mimic: an unexpected internal error stopped the command [INTERNAL]. Please report it with the command you ran" +
      (io.env["MIMIC_DEBUG"] ? `\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}` : "; set MIMIC_DEBUG=1 to see details.") +
      "\n",
  );
  return 1;
}

/** Dispatches `mimic <command> ...argv`; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      io.stdout.write(topHelp());
      return name === undefined ? 2 : 0;
    }
    if (name === "--version" || name === "-v") {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const entry = COMMANDS[name];
    if (!entry) {
      throw new MimicError("CLI_UNKNOWN_COMMAND", `"${name}" is not a mimic command${suggest(name, Object.keys(COMMANDS))}; run \`mimic --help\` to see the commands.`);
    }
    const command = await entry.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout.write(command.help.endsWith("\n") ? command.help : command.help + "\n");
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}
