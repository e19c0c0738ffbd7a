export { createEmbeddedBus, EmbeddedBus, type EmbeddedBusOptions } from "./embedded-bus.js";
