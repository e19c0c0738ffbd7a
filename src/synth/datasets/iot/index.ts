// The built-in `iot` dataset: `mimic generate iot --devices 3 --days 3 --out readings.csv` writes
// what the simulator would send, offline, with a column of fault labels.
import { isMimicError } from "../../../errors/index.js";
import { DEFAULT_DHT_CADENCE, DEFAULT_FAULT_RATES, parseFaultRates, parseMix, parseSites, parseStart, validateFleetOptions, type DhtCadence, type FleetOptions } from "../../../sensors/index.js";
import type { DatasetDefinition } from "../dataset.js";
import { OptionReader } from "../internal/option-reader.js";
import { IOT_INFO } from "./iot-info.js";
import { IotTable } from "./iot-table.js";

export { IOT_COLUMNS, IotTable } from "./iot-table.js";

/**
 * The `iot` dataset definition (register it in src/synth/datasets/index.ts).
 *
 * @example
 * const table = iot.build({ devices: "3", days: "3" }, 42) as IotTable;
 * table.rows; // ≈ 30,000 readings: three DHT22s for 72 hours at the seed's real cadence
 */
export const iot: DatasetDefinition = {
  ...IOT_INFO,
  build(options, seed) {
    const reader = new OptionReader("iot", IOT_INFO.options, options);
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
