// Sensors: the kinds, their fields and type labels, the reading type, and the pure physics of the
// simulated ones (rooms, weather, DHT22, PIR, light, faults, a fleet advanced in simulated time).
// No network, store or token code, so the synthetic engine's iot dataset (and every
// `mimic generate`, which lists it) loads without them.
export type { DhtData, LightData, PirData, Reading, ReadingData, SensorKind } from "./reading.js";
export { SENSOR_FIELDS, SENSOR_KINDS, isSensorKind, type SensorField } from "./sensor-fields.js";
export { DEFAULT_TYPE_LABEL, kindOfData, kindOfLabel, parseSensorKind } from "./sensor-kinds.js";
export { Fleet, MAX_DEVICES, splitMix, validateFleetOptions, type FleetDevice, type FleetOptions } from "./fleet.js";
export type { SimDevice, SimReading } from "./device.js";
export { DEFAULT_DHT_CADENCE, DHT22_MIN_INTERVAL_MS, Dht22Device, type DhtCadence } from "./dht22.js";
export { PirDevice } from "./pir.js";
export { LightDevice } from "./light.js";
export { DEFAULT_FAULT_RATES, FAULT_KINDS, FaultTimeline, faultKindsFor, type FaultKind, type FaultRecord } from "./faults.js";
export { drawRoomProfile, Room, type Climate, type RoomProfile } from "./room.js";
export { ROOM_KINDS, dayPresence, type Presence, type RoomKind } from "./occupancy.js";
export { DEFAULT_SITE, SITES, type Site } from "./site.js";
export { createWeather, saturationVapourPressure, type Weather } from "./weather.js";
export { sunTimes, daylightFactor, type SunTimes } from "./sun.js";
export { parseFaultRates, parseMix, parseSites, parseStart } from "./options.js";
