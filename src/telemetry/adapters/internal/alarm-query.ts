// The WHERE clause of an alarm query, written once for both stores (placeholders differ: ? or $n).
import type { AlarmQuery } from "../../domain/alarm.js";

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
