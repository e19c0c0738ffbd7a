// Alarms in PostgreSQL, beside the readings: every server on one database sees the same alarms.
import type { Pool } from "pg";
import type { Alarm, AlarmQuery } from "../../domain/alarm.js";
import { alarmWhere, toAlarm, type AlarmRecord } from "../internal/alarm-query.js";
import type { PgNames } from "./pg-schema.js";

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
