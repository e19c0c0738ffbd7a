// The built-in `iot` dataset: `mimic generate iot --devices 3 --days 3 --out readings.csv` writes
// what the simulator would send, offline, with a column of fault labels.
import { isMimicError } from "../../../errors/index.js";
import { DEFAULT_DHT_CADENCE, DEFAULT_FAULT_RATES, parseFaultRates, parseMix, parseSites, parseStart, validateFleetOptions, type DhtCadence, type FleetOptions } from "../../../telemetry/simulator/sensor-models.js";
import type { DatasetDefinition, DatasetOption } from "../dataset.js";
import { OptionReader } from "../internal/option-reader.js";
import { IotTable } from "./iot-table.js";

export { IOT_COLUMNS, IotTable } from "./iot-table.js";

const OPTIONS: readonly DatasetOption[] = [
  { name: "devices", description: "Number of devices (one sensor and one id each), 1 to 100,000.", default: "3" },
  { name: "days", description: "Days of readings from --start (sets the row count when --rows is not given), up to 3,660.", default: "3" },
  { name: "start", description: "First instant, a date (UTC midnight) or ISO date-time. The seed's data are from May 2019.", default: "2019-05-08" },
  { name: "mix", description: "Shares of sensor kinds, e.g. dht22=2,pir=1,light=1. The seed's three devices were DHT22s.", default: "dht22" },
  { name: "site", description: "Where the rooms are: new-york, london, seattle, phoenix, sydney, berlin (comma-separated), or lat,lon[,utcOffset].", default: "new-york" },
  { name: "interval", description: "DHT22 read interval in seconds (at least 2, the sensor's minimum).", default: "15" },
  { name: "jitter", description: "DHT22 timing: seed (22–32 s, what the seed's devices really did), low (interval + up to 1 s) or none.", default: "seed" },
  { name: "faults", description: "Fault rates: a multiplier of the defaults (0 = none) or per kind per device-day, e.g. spike=1,stuck=0.2.", default: "1" },
];

/**
 * The `iot` dataset definition (register it in src/synth/datasets/index.ts).
 *
 * @example
 * const table = iot.build({ devices: "3", days: "3" }, 42) as IotTable;
 * table.rows; // ≈ 30,000 readings: three DHT22s for 72 hours at the seed's real cadence
 */
export const iot: DatasetDefinition = {
  name: "iot",
  summary: "IoT sensor readings from simulated rooms (DHT22, PIR, light) with labelled faults, the seed's telemetry shape.",
  options: OPTIONS,
  build(options, seed) {
    const reader = new OptionReader("iot", OPTIONS, options);
    // The simulator's own parsers; their problems join the reader's list (all reported at once).
    const parse = <T>(name: string, f: (text: string) => T, fallback: T): T => {
      try {
        return f(reader.text(name));
      } catch (error) {
        if (!isMimicError(error)) throw error;
        reader.issue("bad_value", name, error.message);
        return fallback;
      }
    };
    const devices = reader.integer("devices", 1, 100_000);
    const days = reader.integer("days", 1, 3660);
    const interval = reader.integer("interval", 2, 86_400);
    const jitter = reader.text("jitter");
    if (jitter !== "seed" && jitter !== "low" && jitter !== "none") reader.issue("bad_choice", "jitter", `--jitter must be seed, low or none, got "${jitter}".`);
    const start = parse("start", (t) => parseStart("--start", t), 0);
    const fleet: FleetOptions = {
      seed,
      devices,
      mix: parse("mix", (t) => parseMix("--mix", t), { DHT22: 1 }),
      start,
      sites: parse("site", (t) => parseSites("--site", t), []),
      cadence: { ...DEFAULT_DHT_CADENCE, intervalMs: interval * 1000, jitter: jitter as DhtCadence["jitter"] },
      faultRates: parse("faults", (t) => parseFaultRates("--faults", t), DEFAULT_FAULT_RATES),
    };
    reader.done();
    validateFleetOptions(fleet);
    return new IotTable(fleet, start + days * 86_400_000, 8192);
  },
};
