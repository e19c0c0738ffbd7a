// Alarms on the same SQLite file as the readings: few rows (one per fault episode), so plain
// statements on the writer connection and reads on the reader connection.
import type { Database, Statement } from "better-sqlite3";
import type { Alarm, AlarmQuery, AlarmState } from "../../domain/alarm.js";
import type { SensorKind } from "../../../sensors/reading.js";
import { alarmWhere } from "../internal/alarm-query.js";

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
  opened_at: number;
  closed_at: number | null;
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
    openedAt: r.opened_at,
    closedAt: r.closed_at,
  };
}

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
