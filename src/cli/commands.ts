import type { Command } from "./command.js";

/**
 * Every `mimic` command, loaded only when it runs so `mimic generate` never pays for the
 * telemetry stack. Add a line here when you add a file to src/cli/.
 */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  generate: {
    summary: "Generate a built-in dataset or your own schema as CSV, JSON Lines or Parquet",
    load: async () => (await import("./generate.js")).generateCommand,
  },
  serve: { summary: "Run telemetry ingest, bus, store and query API (prints the URL)", load: async () => (await import("./serve.js")).serveCommand },
  demo: {
    summary: "Serve a simulated fleet with a week of history, live, and print the dashboard URL",
    load: async () => (await import("./demo.js")).demoCommand,
  },
  devices: { summary: "Register devices and issue, rotate or revoke their tokens", load: async () => (await import("./devices.js")).devicesCommand },
  tokens: { summary: "Issue, list or revoke read tokens (who may query readings and metrics)", load: async () => (await import("./tokens.js")).tokensCommand },
  query: { summary: "Query stored readings by device, type and time range (JSON or CSV)", load: async () => (await import("./query.js")).queryCommand },
  fit: { summary: "Learn a model (Gaussian copula or sequential CART) from a real CSV or Parquet table", load: async () => (await import("./fit.js")).command },
  sample: { summary: "Draw synthetic rows from a fitted model (CSV, JSONL, Parquet)", load: async () => (await import("./sample.js")).command },
  evaluate: {
    summary: "Score a synthetic table against the real one (quality, privacy, HTML report)",
    load: async () => (await import("./evaluate.js")).command,
  },
  analyze: {
    summary: "Describe, profile and chart readings from CSV files or the store (text, JSON, HTML)",
    load: async () => (await import("./analyze.js")).analyzeCommand,
  },
  train: {
    summary: "Learn which device sent a reading (logreg, kNN) and judge it honestly beside the baseline",
    load: async () => (await import("./train.js")).trainCommand,
  },
  predict: {
    summary: "Predict the device of each reading with a model of `mimic train` (CSV out)",
    load: async () => (await import("./predict.js")).predictCommand,
  },
  alarms: {
    summary: "List the live fault detection's alarms (open and closed), from the store or a server",
    load: async () => (await import("./alarms.js")).alarmsCommand,
  },
  detect: {
    summary: "Find sensor faults (spike, stuck, drift, dropout, clock) in readings; score them against labels",
    load: async () => (await import("./detect.js")).detectCommand,
  },
  simulate: {
    summary: "Play a fleet of simulated sensors (live or backfill) against a telemetry server",
    load: async () => (await import("./simulate.js")).simulateCommand,
  },
};
