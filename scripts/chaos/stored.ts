// What a store holds after a scenario, read directly from its tables (not through mimic), and the
// comparison with what the load saw acknowledged.
import Database from "better-sqlite3";
import pg from "pg";

/** device → timestamp → rows stored. */
export type Stored = Map<string, Map<number, number>>;

function collect(rows: { device: string; ts: number; n: number }[]): Stored {
  const out: Stored = new Map();
  for (const r of rows) {
    const m = out.get(r.device) ?? new Map<number, number>();
    m.set(Number(r.ts), Number(r.n));
    out.set(r.device, m);
  }
  return out;
}

const GROUPED = "SELECT device, ts, count(*) AS n FROM readings GROUP BY device, ts";

export function storedInSqlite(path: string): Stored {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return collect(db.prepare(GROUPED).all() as { device: string; ts: number; n: number }[]);
  } finally {
    db.close();
  }
}

export async function storedInPostgres(url: string, schema: string): Promise<Stored> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ device: string; ts: number; n: string }>(GROUPED.replace("FROM readings", `FROM "${schema}".readings`));
    return collect(r.rows.map((row) => ({ ...row, n: Number(row.n) })));
  } finally {
    await c.end();
  }
}

export interface Tally {
  acknowledged: number;
  stored: number;
  lost: number;
  duplicated: number;
}

export function tally(acknowledged: ReadonlyMap<string, ReadonlySet<number>>, stored: Stored): Tally {
  let acked = 0;
  let lost = 0;
  let rows = 0;
  let duplicated = 0;
  for (const [device, set] of acknowledged) {
    const got = stored.get(device);
    for (const ts of set) {
      acked++;
      if (!got?.has(ts)) lost++;
    }
  }
  for (const m of stored.values()) {
    for (const n of m.values()) {
      rows += n;
      if (n > 1) duplicated += n - 1;
    }
  }
  return { acknowledged: acked, stored: rows, lost, duplicated };
}
