// Alarms on the same SQLite file as the readings: few rows (one per fault episode), so plain
// statements on the writer connection and reads on the reader connection.
import type { Database, Statement } from "better-sqlite3";
import type { Alarm, AlarmQuery } from "../../domain/alarm.js";
import { alarmWhere, toAlarm, type AlarmRecord } from "../internal/alarm-query.js";

export class SqliteAlarms {
  readonly #db: Database;
  readonly #save: Statement;

  constructor(db: Database) {
    this.#db = db;
    this.#save = db.prepare(
      `INSERT OR REPLACE INTO alarms (id, device, sensor, kind, state, start_ts, end_ts, score, evidence, opened_at, closed_at)
       VALUES (@id, @device, @sensor, @kind, @state, @start, @end, @score, @evidence, @openedAt, @closedAt)`,
    );
  }

  save(a: Alarm): void {
    this.#save.run(a);
  }

  list(q: AlarmQuery): Alarm[] {
    const where = alarmWhere(q, () => "?");
    const sql = `SELECT * FROM alarms ${where.sql} ORDER BY start_ts DESC, id LIMIT ?`;
    return (this.#db.prepare(sql).all(...where.params, q.limit) as AlarmRecord[]).map(toAlarm);
  }
}
