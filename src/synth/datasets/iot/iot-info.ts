// What `mimic generate` shows and parses for iot, apart from the dataset (which loads the
// simulator's sensor models): the CLI reads every dataset's options, and builds only one.
import type { DatasetInfo, DatasetOption } from "../dataset.js";

const OPTIONS: readonly DatasetOption[] = [
  { name: "devices", description: "Number of devices (one sensor and one id each), 1 to 100,000.", default: "3" },
  { name: "days", description: "Days of readings from --start (sets the row count when --rows is not given), up to 3,660.", default: "3" },
  { name: "start", description: "First instant, a date (UTC midnight) or ISO date-time. The seed's data are from May 2019.", default: "2019-05-08" },
  { name: "mix", description: "Shares of sensor kinds, e.g. dht22=2,pir=1,light=1. The seed's three devices were DHT22s.", default: "dht22" },
  {
    name: "site",
    description: "Where the rooms are: new-york, london, seattle, phoenix, sydney, berlin (comma-separated), or lat,lon[,utcOffset].",
    default: "new-york",
  },
  { name: "interval", description: "DHT22 read interval in seconds (at least 2, the sensor's minimum).", default: "15" },
  { name: "jitter", description: "DHT22 timing: seed (22–32 s, what the seed's devices really did), low (interval + up to 1 s) or none.", default: "seed" },
  { name: "faults", description: "Fault rates: a multiplier of the defaults (0 = none) or per kind per device-day, e.g. spike=1,stuck=0.2.", default: "1" },
];

export const IOT_INFO: DatasetInfo = {
  name: "iot",
  summary: "IoT sensor readings from simulated rooms (DHT22, PIR, light) with labelled faults, the seed's telemetry shape.",
  options: OPTIONS,
};
