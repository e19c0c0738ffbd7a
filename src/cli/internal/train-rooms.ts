// The room each device sits in, for `mimic train --target room`. A file from `mimic generate iot`
// names it in its room column. The store keeps no room: a device's registry entry holds its id and
// sensors only. What the store does hold, the device ids, is what the simulator drew from its seed,
// and the room of each id follows from the fleet's options alone (seed, devices, layout, mix; not
// the start, sites or cadence), so the fleet of `mimic simulate` is rebuilt from those options and
// its manifest read. A device the rebuilt fleet does not know is refused: the options were not the
// simulation's, or the device is real.
import { MimicError } from "../../errors/index.js";
import { Fleet, parseMix } from "../../sensors/index.js";
import type { ReadingColumns } from "./readings-csv.js";

export interface FleetFlags {
  seed: number | string;
  devices: number;
  layout: "sensor" | "seed";
  /** As `mimic simulate --mix` (default dht22=2,pir=1,light=1); ignored by the seed layout. */
  mix: string | undefined;
}

/** The simulator's default mix (`mimic simulate --mix`). */
export const SIMULATE_DEFAULT_MIX = "dht22=2,pir=1,light=1";

/** Device → room from the files' room column. Throws ML_NO_ROOM naming the devices without one. */
export function roomsFromFiles(groups: Map<string, ReadingColumns>, source: string): Map<string, string> {
  const rooms = new Map<string, string>();
  const without = new Set<string>();
  for (const g of groups.values()) {
    if (g.room === undefined) without.add(g.device);
    else if (!rooms.has(g.device)) rooms.set(g.device, g.room);
  }
  if (without.size > 0)
    throw new MimicError(
      "ML_NO_ROOM",
      `--target room needs the room of every device, and ${source} names none for ${[...without].slice(0, 5).join(", ")}${without.size > 5 ? ` and ${without.size - 5} more` : ""}: give a CSV of \`mimic generate iot\` (it has a room column), or train on the store with the fleet's --fleet-seed and --fleet-devices.`,
    );
  return rooms;
}

/** Device → room of the simulated fleet these options build (every sensor of a device shares its room). */
export function roomsFromFleet(f: FleetFlags): Map<string, string> {
  const fleet = new Fleet({ seed: f.seed, devices: f.devices, layout: f.layout, mix: parseMix("--fleet-mix", f.mix ?? SIMULATE_DEFAULT_MIX), start: 0 });
  return new Map(fleet.manifest.map((m) => [m.id, m.room]));
}

/** Throws ML_NO_ROOM when a device of the input has no room in `rooms`. */
export function checkRooms(devices: Iterable<string>, rooms: Map<string, string>, where: string): void {
  const missing = [...new Set(devices)].filter((d) => !rooms.has(d));
  if (missing.length > 0)
    throw new MimicError(
      "ML_NO_ROOM",
      `${missing.length} device${missing.length === 1 ? "" : "s"} of the input (${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}) ${missing.length === 1 ? "is" : "are"} not in ${where}; give the --fleet-seed, --fleet-devices, --fleet-layout and --fleet-mix that \`mimic simulate\` ran with, or pick those devices with --device.`,
    );
}
