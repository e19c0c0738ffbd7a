import { ERROR_CODES, MimicError, type ErrorCode, type Issue } from "../errors/index.js";
import { openStoreFor, resolveStoreLocation, throwIfIssues } from "../server/index.js";
import { alarmToJson, parseAlarmQuery, type AlarmJson } from "../telemetry/live/index.js";
import type { Command } from "./command.js";
import { parseFlags, stringFlag, timeOrAgo } from "./internal/flags.js";
import { textTable } from "./internal/text-table.js";

const HELP = `Usage: mimic alarms [--state open|closed|all] [--device <id>] [--kind <kind>] [--from <time>] [--to <time>]
                    [--json] [--data-dir <dir> | --store <url> | --url <server> --token <read token>]

Lists the alarms of the live fault detection of \`mimic serve\` (docs/detect.md): one per fault
episode on one sensor of one device, open while it lasts (a stuck sensor, a silent device) and
closed once it ended. Read straight from the store (works while the server runs), or from a
server's GET /v1/alarms with --url.

Options:
  --state <s>        open, closed or all (default all)
  --device <id>      one device
  --kind <kind>      one kind: spike, stuck, drift, dropout, clock_jump, range, clock_drift,
                     network_outage or burst
  --from <time>      episodes that had not ended by then: ISO 8601, epoch seconds, or a duration
                     ago (90s, 15m, 1h, 7d)
  --to <time>        episodes that started before then, in the same forms
  --limit <n>        most alarms, newest start first (default and maximum 10000)
  --json             the JSON GET /v1/alarms answers ({"alarms": [...]}) instead of a table
  --data-dir <dir>   data directory (default ./mimic-data; env MIMIC_DATA_DIR); it must hold a store
  --store <url>      postgres://… for PostgreSQL (env MIMIC_STORE)
  --url <server>     ask a running server instead of the store (http://127.0.0.1:8080)
  --token <token>    its read token, with --url (env MIMIC_READ_TOKEN; not needed with --no-read-auth)

Examples:
  mimic alarms --state open
  mimic alarms --device rp829c7e0e --from 7d --json
  mimic alarms --kind stuck --store postgres://postgres@127.0.0.1:5432/test
  mimic alarms --url http://127.0.0.1:8080 --token "$MIMIC_READ_TOKEN" --state open
`;

const FILTERS = ["device", "kind", "state", "from", "to", "limit"] as const;

/** `mimic alarms`: the live detection's alarms, from the store or from a server. */
export const alarmsCommand: Command = {
  name: "alarms",
  summary: "List the live fault detection's alarms (open and closed), from the store or a server",
  help: HELP,
  async run(argv, io) {
    const names = [...FILTERS, "data-dir", "store", "url", "token"] as const;
    const flags = parseFlags(argv, { ...Object.fromEntries(names.map((n) => [n, { type: "string" as const }])), json: { type: "boolean" as const } }, "alarms");
    if (flags.positionals.length > 0) throw new MimicError("CLI_BAD_FLAG", `Unexpected argument "${flags.positionals[0]}"; mimic alarms takes only flags.`);
    const now = Date.now();
    const params: Record<string, string | undefined> = Object.fromEntries(FILTERS.map((n) => [n, stringFlag(flags, n)]));
    params["from"] = timeOrAgo(params["from"], now);
    params["to"] = timeOrAgo(params["to"], now);
    const query = parseAlarmQuery(params, "cli");
    const url = stringFlag(flags, "url");
    let alarms: AlarmJson[];
    if (url !== undefined) {
      if (stringFlag(flags, "store") !== undefined || stringFlag(flags, "data-dir") !== undefined)
        throw new MimicError("CLI_BAD_FLAG", "Give --url (a server) or --data-dir/--store (a store), not both.");
      const search = new URLSearchParams();
      for (const n of FILTERS) if (params[n] !== undefined) search.set(n, params[n]);
      alarms = await fromServer(url, search, stringFlag(flags, "token") ?? io.env["MIMIC_READ_TOKEN"]);
    } else {
      const issues: Issue[] = [];
      const location = resolveStoreLocation({ "data-dir": stringFlag(flags, "data-dir"), store: stringFlag(flags, "store") }, io.env, io.cwd, issues);
      throwIfIssues(issues, "alarms");
      const store = await openStoreFor(location, "existing");
      try {
        alarms = (await store.listAlarms(query)).map(alarmToJson);
      } finally {
        await store.close();
      }
    }
    if (flags.values["json"] === true) io.stdout.write(JSON.stringify({ alarms }) + "\n");
    else if (alarms.length > 0) io.stdout.write(table(alarms));
    const open = alarms.filter((a) => a.state === "open").length;
    io.stderr.write(`mimic: ${alarms.length.toLocaleString("en-US")} ${alarms.length === 1 ? "alarm" : "alarms"} (${open.toLocaleString("en-US")} open)\n`);
    return 0;
  },
};

function table(alarms: readonly AlarmJson[]): string {
  const rows = alarms.map((a) => [a.state, a.kind, a.device, a.sensor, a.start, a.end ?? "-", a.score.toFixed(1), a.evidence]);
  return textTable([["STATE", "KIND", "DEVICE", "SENSOR", "START", "END", "SCORE", "EVIDENCE"], ...rows]);
}

/** GET <url>/v1/alarms; the server's own error (bad filter, missing token) comes back as it said it. */
async function fromServer(url: string, search: URLSearchParams, token: string | undefined): Promise<AlarmJson[]> {
  let base: URL;
  try {
    base = new URL("/v1/alarms", url);
  } catch {
    throw new MimicError("CLI_BAD_FLAG", `--url must be the server's address, e.g. http://127.0.0.1:8080; got "${url}".`);
  }
  base.search = search.toString();
  let res: Response;
  try {
    res = await fetch(base, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
  } catch (cause) {
    throw new MimicError("ALARMS_SERVER_UNREACHABLE", `No answer from ${base.origin}; check --url and that \`mimic serve\` runs there.`, { cause });
  }
  const body = (await res.json().catch(() => undefined)) as { alarms?: AlarmJson[]; error?: { code?: string; message?: string } } | undefined;
  if (res.ok && Array.isArray(body?.alarms)) return body.alarms;
  const code = body?.error?.code;
  if (code !== undefined && code in ERROR_CODES)
    throw new MimicError(code as ErrorCode, `${base.origin} answered ${res.status}: ${body?.error?.message ?? code}`);
  throw new MimicError("ALARMS_SERVER_UNREACHABLE", `${base.origin} answered ${res.status} without mimic's alarms; check --url.`);
}

export default alarmsCommand;
