export { connectNatsBus, NatsBus, type NatsBusOptions } from "./nats-bus.js";
export type { NatsTopology } from "./nats-setup.js";
