// The fleet simulator: rooms with their own climate, occupancy and daylight; DHT22, PIR and
// light sensor models; labelled faults; a fleet advanced in simulated time (sensor-models.ts);
// and playing a fleet against a server, provisioning its devices, reporting the run.
export * from "./sensor-models.js";
export { runSimulation, type SimulationDeps, type SimulationOptions, type SimulationResult } from "./run-simulation.js";
export { finalReport, formatRejected, summaryLine, type RunTotals } from "./summary.js";
export { provisionFleet } from "./provision.js";
