import { MimicError } from "../errors/index.js";
import { assertSecretSource, openRegistryContext } from "../server/index.js";
import { formatSensors } from "../telemetry/index.js";
import { addDevice, MAX_OVERLAP_MS, revokeDevice, rotateDevice } from "../telemetry/auth/index.js";
import { parseSensorKind, type SensorKind } from "../sensors/index.js";
import type { Command } from "./command.js";
import { parseDurationMs, parseFlags, stringFlag } from "./internal/flags.js";
import { actionOf, expiresFlag, isoOrNever, registryLocation } from "./internal/registry-command.js";
import { textTable } from "./internal/text-table.js";

const HELP = `Usage: mimic devices <add|list|revoke|rotate> [options]

Manage the devices allowed to send telemetry. Works on the same data dir / store as \`mimic serve\`,
also while it runs: a revocation takes effect on every server within 5 seconds.

  mimic devices add <id> [--sensors DHT22,PIR,LIGHT] [--expires 90d]
      Registers a device with the sensors it carries (default: all three, as the seed's Pi) and
      prints its token ONCE on stdout (only a hash is kept). Every sensor script on the device uses
      it as the Authorization header value: "Bearer <token>".
  mimic devices list [--json]
  mimic devices revoke <id>
      Ends every token of the device now.
  mimic devices rotate <id> [--overlap 24h] [--expires 90d]
      Prints a new token; the old ones keep working for --overlap (default 24h, 0s = none).

Options:
  --data-dir <dir>   data directory (default ./mimic-data; env MIMIC_DATA_DIR): the SQLite store and
                     the token signing secret (<dir>/token-secret); list/revoke/rotate need an
                     existing store, only add creates one
  --store <url>      postgres://… to use PostgreSQL instead of the embedded store (env MIMIC_STORE);
                     add and rotate then also need --data-dir (the same one \`mimic serve\` uses)
                     or MIMIC_TOKEN_SECRET, so the token is signed with the server's secret
  --sensors <kinds>  the sensor kinds the device carries, comma-separated, one of each: DHT22, PIR,
                     LIGHT (the seed's Onyehn_PIR / Anmbest_MD46N also work); default
                     DHT22,PIR,LIGHT. A reading of another kind is refused (422)
  --type <kind>      a device with one sensor: the same as --sensors <kind>
  --expires <dur>    token lifetime such as 30d, 12h (at most 36500d); default: no expiry
  --overlap <dur>    how long old tokens keep working after rotate (default 24h, at most 3650d)
  --json             list as JSON

Examples:
  TOKEN=$(mimic devices add rp829c7e0e --expires 90d)
  mimic devices add rp59adf374 --sensors DHT22
  mimic devices rotate rp829c7e0e --overlap 1h
  mimic devices revoke rp829c7e0e
  mimic devices add rp1 --type PIR --store postgres://mimic@db:5432/mimic --data-dir /var/lib/mimic
`;

/**
 * The sensors of `devices add`: --sensors (a comma list), or --type (one kind, the older form),
 * or undefined for the default set. Both at once would be ambiguous, so that is refused.
 */
function parseSensorsFlags(sensorsRaw: string | undefined, typeRaw: string | undefined, id: string): SensorKind[] | undefined {
  if (sensorsRaw !== undefined && typeRaw !== undefined)
    throw new MimicError("CLI_BAD_FLAG", "Give --sensors or --type, not both; --type X is short for --sensors X.");
  if (typeRaw !== undefined) {
    const kind = parseSensorKind(typeRaw);
    if (kind === undefined)
      throw new MimicError("CLI_BAD_FLAG", `--type must be DHT22, PIR or LIGHT, got "${typeRaw}"; e.g. mimic devices add ${id} --type DHT22.`);
    return [kind];
  }
  if (sensorsRaw === undefined) return undefined;
  const names = sensorsRaw.split(",").map((n) => n.trim());
  const kinds: SensorKind[] = [];
  for (const name of names) {
    const kind = parseSensorKind(name);
    if (kind === undefined)
      throw new MimicError(
        "CLI_BAD_FLAG",
        `--sensors takes DHT22, PIR and LIGHT separated by commas; "${name}" is none of them (e.g. mimic devices add ${id} --sensors DHT22,PIR,LIGHT).`,
      );
    if (kinds.includes(kind)) throw new MimicError("CLI_BAD_FLAG", `--sensors names ${kind} twice; a device carries one sensor of each kind.`);
    kinds.push(kind);
  }
  return kinds;
}

/** `mimic devices`: the device registry (add, list, revoke, rotate). */
export const devicesCommand: Command = {
  name: "devices",
  summary: "Register devices and issue, rotate or revoke their tokens",
  help: HELP,
  async run(argv, io) {
    const flags = parseFlags(
      argv,
      {
        "data-dir": { type: "string" },
        store: { type: "string" },
        type: { type: "string" },
        sensors: { type: "string" },
        expires: { type: "string" },
        overlap: { type: "string" },
        json: { type: "boolean" },
      },
      "devices",
    );
    const [action, id, ...extra] = flags.positionals;
    actionOf("devices", ["add", "list", "revoke", "rotate"], action);
    if (action !== "list" && id === undefined)
      throw new MimicError("CLI_MISSING_ARGUMENT", `mimic devices ${action} needs a device id, e.g. mimic devices ${action} rp829c7e0e.`);
    if (extra.length > 0) throw new MimicError("CLI_BAD_FLAG", `Unexpected argument "${extra[0]}"; give one device id.`);
    // Both bounds are checked before anything is registered or issued.
    const expiresInMs = expiresFlag(flags);
    const overlapMs = parseDurationMs("--overlap", stringFlag(flags, "overlap"), 86_400_000);
    if (overlapMs > MAX_OVERLAP_MS)
      throw new MimicError(
        "CLI_BAD_FLAG",
        `--overlap must be from 0s to ${MAX_OVERLAP_MS / 86_400_000}d, e.g. --overlap 24h; to end the old tokens now, use --overlap 0s.`,
      );
    const location = registryLocation(flags, io, "devices");
    const sensors = action === "add" ? parseSensorsFlags(stringFlag(flags, "sensors"), stringFlag(flags, "type"), id!) : undefined;

    // add and rotate sign tokens: the secret's source is checked before anything is opened or created.
    if (action === "add" || action === "rotate") assertSecretSource(location);
    // Only add may create the store; list, revoke and rotate on a missing one say so (STORE_NOT_FOUND).
    const context = await openRegistryContext(location, action === "add" ? "create" : "existing");
    const { registry } = context;
    const secret = () => context.secret();
    try {
      const now = Date.now();
      if (action === "add") {
        const added = await addDevice(registry, secret(), {
          id: id!,
          ...(sensors === undefined ? {} : { sensors }),
          now,
          ...(expiresInMs === undefined ? {} : { expiresInMs }),
        });
        io.stdout.write(added.token + "\n");
        io.stderr.write(
          `mimic: registered ${added.device.id} with sensors ${formatSensors(added.device.sensors)} (one token for all); token expires ${isoOrNever(added.expiresAt)}. It is shown only this once: send it as "Authorization: Bearer <token>".\n`,
        );
      } else if (action === "rotate") {
        const rotated = await rotateDevice(registry, secret(), { id: id!, now, overlapMs, ...(expiresInMs === undefined ? {} : { expiresInMs }) });
        io.stdout.write(rotated.token + "\n");
        io.stderr.write(`mimic: new token for ${id}; previous tokens stop working at ${isoOrNever(now + overlapMs)}. It is shown only this once.\n`);
      } else if (action === "revoke") {
        await revokeDevice(registry, id!, now);
        io.stderr.write(`mimic: revoked ${id} and all its tokens; running servers refuse it within 5 seconds.\n`);
      } else {
        const devices = await registry.listDevices();
        if (flags.values["json"] === true)
          io.stdout.write(
            JSON.stringify(
              devices.map((d) => ({ ...d, sensors: [...d.sensors], createdAt: isoOrNever(d.createdAt), updatedAt: isoOrNever(d.updatedAt) })),
              null,
              2,
            ) + "\n",
          );
        else {
          const rows = [
            ["ID", "SENSORS", "STATUS", "CREATED", "UPDATED"],
            ...devices.map((d) => [d.id, formatSensors(d.sensors), d.status, isoOrNever(d.createdAt), isoOrNever(d.updatedAt)]),
          ];
          io.stdout.write(textTable(rows));
          if (devices.length === 0) io.stderr.write("mimic: no devices yet; add one with `mimic devices add <id> --sensors DHT22,PIR,LIGHT`.\n");
        }
      }
    } finally {
      await context.close();
    }
    return 0;
  },
};

export default devicesCommand;
