// The WHERE clause of an alarm query, written once for both stores (placeholders differ: ? or $n).
import type { Alarm, AlarmQuery, AlarmState } from "../../domain/alarm.js";
import type { SensorKind } from "../../../sensors/reading.js";

/** An alarm row as both stores return it (PostgreSQL answers its BIGINT times as strings). */
export interface AlarmRecord {
  id: string;
  device: string;
  sensor: string;
  kind: string;
  state: string;
  start_ts: number;
  end_ts: number | null;
  score: number;
  evidence: string;
  opened_at: number | string;
  closed_at: number | string | null;
}

export function toAlarm(r: AlarmRecord): Alarm {
  return {
    id: r.id,
    device: r.device,
    sensor: r.sensor as SensorKind,
    kind: r.kind,
    state: r.state as AlarmState,
    start: r.start_ts,
    end: r.end_ts,
    score: r.score,
    evidence: r.evidence,
    openedAt: Number(r.opened_at),
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
  };
}

export function alarmWhere(q: AlarmQuery, placeholder: (n: number) => string): { sql: string; params: (string | number)[] } {
  const terms: string[] = [];
  const params: (string | number)[] = [];
  const add = (term: (p: string) => string, value: string | number): void => {
    params.push(value);
    terms.push(term(placeholder(params.length)));
  };
  if (q.device !== undefined) add((p) => `device = ${p}`, q.device);
  if (q.kind !== undefined) add((p) => `kind = ${p}`, q.kind);
  if (q.state !== "all") add((p) => `state = ${p}`, q.state);
  // An episode overlaps [from, to): it starts before `to` and has not ended before `from`.
  if (q.to !== undefined) add((p) => `start_ts < ${p}`, q.to);
  if (q.from !== undefined) add((p) => `(end_ts IS NULL OR end_ts >= ${p})`, q.from);
  return { sql: terms.length === 0 ? "" : `WHERE ${terms.join(" AND ")}`, params };
}
