import type { Command } from "./command.js";

/**
 * Every `mimic` command, loaded only when it runs so `mimic generate` never pays for the
 * telemetry stack. Add a line here when you add a file to src/cli/.
 */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  fit: { summary: "Learn a model (Gaussian copula) from a real CSV table", load: async () => (await import("./fit.js")).command },
  sample: { summary: "Draw synthetic rows from a fitted model (CSV, JSONL, Parquet)", load: async () => (await import("./sample.js")).command },
  evaluate: { summary: "Score a synthetic table against the real one (quality, privacy, HTML report)", load: async () => (await import("./evaluate.js")).command },
};
