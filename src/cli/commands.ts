import type { Command } from "./command.js";

/**
 * Every `mimic` command, loaded only when it runs so `mimic generate` never pays for the
 * telemetry stack. Add a line here when you add a file to src/cli/.
 */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: { summary: "Run telemetry ingest, bus, store and query API (prints the URL)", load: async () => (await import("./serve.js")).serveCommand },
  devices: { summary: "Register devices and issue, rotate or revoke their tokens", load: async () => (await import("./devices.js")).devicesCommand },
  query: { summary: "Query stored readings by device, type and time range (JSON or CSV)", load: async () => (await import("./query.js")).queryCommand },
  simulate: { summary: "Play a fleet of simulated sensors (live or backfill) against a telemetry server", load: async () => (await import("./simulate.js")).simulateCommand },
};
