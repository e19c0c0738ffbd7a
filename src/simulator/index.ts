// The fleet runner: plays a fleet of simulated sensors (src/sensors/) against a server through the
// device client, provisions its devices, and reports the run.
export { runSimulation, type SimulationDeps, type SimulationOptions, type SimulationResult } from "./run-simulation.js";
export { finalReport, formatRejected, summaryLine, type RunTotals } from "./summary.js";
export { provisionFleet } from "./provision.js";
