// What `mimic train` learns from: readings of --in files (CSV or Parquet, analyze's reader) or of
// the store (--data-dir / --store, analyze's reader, a day per query), narrowed by --device,
// --from and --to exactly as `mimic analyze` narrows them, and labelled by device or by room.
import { MimicError, type Issue } from "../../errors/index.js";
import { readStore, selectionFromFlags } from "./analyze-input.js";
import { readInputFiles, selectSeries } from "./whole-series.js";
import { listFlag, parseChoice, parseCount, stringFlag, type ParsedFlags } from "./flags.js";
import { seriesGroups, type ReadingGroup, type Target } from "./ml-input.js";
import type { ReadingColumns } from "./readings-csv.js";
import { DEFAULT_SEED, parseSeed } from "./seed.js";
import { checkRooms, roomsFromFiles, roomsFromFleet } from "./train-rooms.js";
import type { CliIo } from "../command.js";

export interface TrainInput {
  groups: ReadingGroup[];
  /** The label of a device's readings: itself, or its room. */
  labelOf: (device: string) => string;
  /** Where the readings came from, for messages. */
  source: string;
}

/** The flags this reads, beside train's own. */
export const TRAIN_INPUT_FLAGS = ["data-dir", "store", "from", "to", "fleet-seed", "fleet-devices", "fleet-layout", "fleet-mix"] as const;

/** Reads and selects the readings, and the room of every device when the target is room. */
export async function readTrainInput(flags: ParsedFlags, io: CliIo, target: Target): Promise<TrainInput> {
  const files = listFlag(flags.values["in"]);
  const storeAsked = stringFlag(flags, "data-dir") !== undefined || stringFlag(flags, "store") !== undefined;
  if (files.length > 0 && storeAsked) throw new MimicError("CLI_BAD_FLAG", "Give either --in files or a store (--data-dir / --store), not both.");
  const sel = selectionFromFlags(flags);
  const fleetFlags = ["fleet-seed", "fleet-devices", "fleet-layout", "fleet-mix"].filter((f) => stringFlag(flags, f) !== undefined);
  if (fleetFlags.length > 0 && (files.length > 0 || target !== "room"))
    throw new MimicError(
      "CLI_BAD_FLAG",
      `--${fleetFlags[0]} describes the simulated fleet whose rooms --target room reads from the store; ${files.length > 0 ? "a file names its rooms in its room column" : "add --target room"}, or leave it out.`,
    );
  // A room target over the store needs the fleet before any reading is loaded.
  const fleetRooms =
    target === "room" && files.length === 0
      ? roomsFromFleet({
          seed: parseSeed(stringFlag(flags, "fleet-seed")),
          devices: parseCount("--fleet-devices", stringFlag(flags, "fleet-devices"), 12, 1, 1_000_000),
          layout: parseChoice("--fleet-layout", stringFlag(flags, "fleet-layout"), ["sensor", "seed"] as const, "sensor"),
          mix: stringFlag(flags, "fleet-mix"),
        })
      : undefined;

  let groups: Map<string, ReadingColumns>;
  let source: string;
  if (files.length > 0) {
    groups = await readInputFiles(files, io.cwd);
    source = files.join(", ");
  } else {
    // The store's stack loads only when it is used: reading files never pays for it.
    const { openStoreFor, resolveStoreLocation, throwIfIssues } = await import("../../server/index.js");
    const issues: Issue[] = [];
    const location = resolveStoreLocation({ "data-dir": stringFlag(flags, "data-dir"), store: stringFlag(flags, "store") }, io.env, io.cwd, issues);
    throwIfIssues(issues, "train");
    const store = await openStoreFor(location, "existing");
    try {
      groups = await readStore(store, sel, Date.now() / 1000);
    } finally {
      await store.close();
    }
    source = "the store";
  }
  const series = selectSeries(groups, sel, source);
  const devices = new Set(series.map((s) => s.device));
  let labelOf = (device: string): string => device;
  if (target === "room") {
    const rooms = fleetRooms ?? roomsFromFiles(new Map([...groups].filter(([, g]) => devices.has(g.device))), source);
    checkRooms(devices, rooms, fleetRooms ? `the simulated fleet of seed ${stringFlag(flags, "fleet-seed") ?? DEFAULT_SEED}` : source);
    labelOf = (device) => rooms.get(device)!;
  }
  return { groups: seriesGroups(series), labelOf, source };
}
