// `GET /v1/alarms` and `mimic alarms` take the same filters, parsed here once, and answer the
// same JSON (the dashboard codes against it; docs/telemetry.md).
import { DETECT_KINDS } from "../../analytics/detect/index.js";
import { MimicError, type Issue } from "../../errors/index.js";
import { ALARM_QUERY_LIMIT, type Alarm, type AlarmQuery } from "../domain/alarm.js";
import { parseTime } from "../query/index.js";

export const ALARM_QUERY_PARAMETERS = ["device", "kind", "state", "from", "to", "limit"] as const;

/** Filters as strings (from a URL, or flags with their durations already turned into times). */
export function parseAlarmQuery(params: Readonly<Record<string, string | undefined>>, surface: "http" | "cli"): AlarmQuery {
  const name = (p: string): string => (surface === "cli" ? `--${p}` : p);
  const issues: Issue[] = [];
  const q: AlarmQuery = { state: "all", limit: ALARM_QUERY_LIMIT };
  const { device, kind, state, from, to, limit } = params;
  if (device !== undefined) {
    if (device.length === 0 || device.length > 256)
      issues.push({ code: "invalid_device", path: name("device"), message: "A device id is 1 to 256 characters." });
    else q.device = device;
  }
  if (kind !== undefined) {
    if (!(DETECT_KINDS as readonly string[]).includes(kind))
      issues.push({ code: "invalid_value", path: name("kind"), message: `kind is one of ${DETECT_KINDS.join(", ")}; got "${kind}".` });
    else q.kind = kind;
  }
  if (state !== undefined) {
    if (state !== "open" && state !== "closed" && state !== "all")
      issues.push({ code: "invalid_value", path: name("state"), message: `state is open, closed or all; got "${state}".` });
    else q.state = state;
  }
  for (const [key, raw] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (raw === undefined) continue;
    const t = parseTime(raw);
    if (t === undefined) issues.push({ code: "invalid_format", path: name(key), message: `${key} must be ISO 8601 (2026-05-09T00:00:00Z) or epoch seconds.` });
    else q[key] = t;
  }
  if (q.from !== undefined && q.to !== undefined && q.from >= q.to)
    issues.push({ code: "empty_range", path: name("from"), message: "from must be before to." });
  if (limit !== undefined) {
    const n = Number(limit);
    if (!/^\d+$/.test(limit) || n < 1 || n > ALARM_QUERY_LIMIT)
      issues.push({ code: "out_of_range", path: name("limit"), message: `limit must be a whole number from 1 to ${ALARM_QUERY_LIMIT}.` });
    else q.limit = n;
  }
  if (issues.length > 0) throw new MimicError("QUERY_INVALID", issues.map((i) => `${i.path}: ${i.message}`).join(" "), { issues });
  return q;
}

/** One alarm as `GET /v1/alarms` answers it: times as ISO 8601. */
export interface AlarmJson {
  id: string;
  device: string;
  sensor: string;
  kind: string;
  state: "open" | "closed";
  start: string;
  end: string | null;
  score: number;
  evidence: string;
  openedAt: string;
  closedAt: string | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function alarmToJson(a: Alarm): AlarmJson {
  return {
    id: a.id,
    device: a.device,
    sensor: a.sensor,
    kind: a.kind,
    state: a.state,
    start: iso(a.start * 1000),
    end: a.end === null ? null : iso(a.end * 1000),
    score: Number.isFinite(a.score) ? a.score : 0,
    evidence: a.evidence,
    openedAt: iso(a.openedAt),
    closedAt: a.closedAt === null ? null : iso(a.closedAt),
  };
}
