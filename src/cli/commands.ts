import type { Command } from "./command.js";

/**
 * Every `mimic` command, loaded only when it runs so `mimic generate` never pays for the
 * telemetry stack. Add a line here when you add a file to src/cli/.
 */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  generate: { summary: "Generate a built-in dataset or your own schema as CSV, JSON Lines or Parquet", load: async () => (await import("./generate.js")).generateCommand },
};
