// Alarms in PostgreSQL, beside the readings: every server on one database sees the same alarms.
import type { Pool } from "pg";
import type { Alarm, AlarmQuery, AlarmState } from "../../domain/alarm.js";
import type { SensorKind } from "../../../sensors/reading.js";
import { alarmWhere } from "../internal/alarm-query.js";
import type { PgNames } from "./pg-schema.js";

interface AlarmRecord {
  id: string;
  device: string;
  sensor: string;
  kind: string;
  state: string;
  start_ts: number;
  end_ts: number | null;
  score: number;
  evidence: string;
  opened_at: string;
  closed_at: string | null;
}

function toAlarm(r: AlarmRecord): Alarm {
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

export class PgAlarms {
  readonly #pool: Pool;
  readonly #n: PgNames;

  constructor(pool: Pool, names: PgNames) {
    this.#pool = pool;
    this.#n = names;
  }

  async save(a: Alarm): Promise<void> {
    await this.#pool.query(
      `INSERT INTO ${this.#n.alarms} (id, device, sensor, kind, state, start_ts, end_ts, score, evidence, opened_at, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, start_ts = EXCLUDED.start_ts, end_ts = EXCLUDED.end_ts, score = EXCLUDED.score,
         evidence = EXCLUDED.evidence, opened_at = EXCLUDED.opened_at, closed_at = EXCLUDED.closed_at`,
      [a.id, a.device, a.sensor, a.kind, a.state, a.start, a.end, a.score, a.evidence, a.openedAt, a.closedAt],
    );
  }

  async list(q: AlarmQuery): Promise<Alarm[]> {
    const where = alarmWhere(q, (n) => `$${n}`);
    const r = await this.#pool.query<AlarmRecord>(`SELECT * FROM ${this.#n.alarms} ${where.sql} ORDER BY start_ts DESC, id LIMIT $${where.params.length + 1}`, [
      ...where.params,
      q.limit,
    ]);
    return r.rows.map(toAlarm);
  }
}
