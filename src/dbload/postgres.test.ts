import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { checkService, serviceUrl } from "../../test/support/services.js";
import { generateDatabase } from "../synth/generate/generate-database.js";
import { compileDatabase } from "../synth/schema/index.js";
import { openPostgres } from "./postgres.js";
import type { DatabaseTarget } from "./target.js";

const check = await checkService("postgres");
const base = serviceUrl("postgres");
const SCHEMA = `mimic_pg_open_${process.pid}`;
const url = `${base}${base.includes("?") ? "&" : "?"}schema=${SCHEMA}`;

const database = compileDatabase(
  {
    tables: {
      parents: { rows: 40, columns: { id: { kind: "sequence" } } },
      children: {
        columns: {
          parent_id: { kind: "reference", table: "parents", column: "id", perParent: { name: "discrete", values: [2], weights: [1] } },
          n: { kind: "sequence" },
        },
      },
    },
  },
  { seed: 1 },
);

/** Generates `database` into a target. */
const load = (target: DatabaseTarget) => generateDatabase({ database, open: (shape) => target.open(shape), finish: () => target.finish() });

async function withClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

describe.skipIf(!check.available)("openPostgres: the tables are created while the first rows are made", () => {
  afterAll(() => withClient((c) => c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`)));

  it("returns before the connection is open; a database it cannot reach is reported at the first write and at finish", async () => {
    const bad = new URL(base);
    bad.port = "1";
    // Returns although the connection fails: nothing here waits for it.
    const target = openPostgres(bad.toString(), database, true);
    const writer = await target.open(database.tables[0]!);
    await expect(writer.writeEncoded!(new Uint8Array(Buffer.from("1\r\n")))).rejects.toMatchObject({ code: "DATABASE_UNREACHABLE" });
    await expect(target.finish()).rejects.toMatchObject({ code: "DATABASE_UNREACHABLE" });
    await target.cleanup();
  });

  it("loads, and without replace refuses tables that exist, naming them, and leaves them as they were", async () => {
    const first = openPostgres(url, database, false);
    await load(first);
    const count = () => withClient(async (c) => Number((await c.query(`SELECT count(*) AS n FROM ${SCHEMA}.children`)).rows[0].n));
    expect(await count()).toBe(80);
    const again = openPostgres(url, database, false);
    const refused = load(again);
    await expect(refused).rejects.toMatchObject({
      code: "DATABASE_TABLE_EXISTS",
      message: expect.stringMatching(/already has (parents, children|children, parents); add --replace/),
    });
    expect(await count()).toBe(80);
    // With replace the same tables are dropped and made again, in one transaction.
    const replaced = openPostgres(url, database, true);
    await load(replaced);
    expect(await count()).toBe(80);
  });

  it("loads the rows frozen (COPY FREEZE): every page all-visible, so a foreign key's check reads only the key indexes", async () => {
    await load(openPostgres(url, database, true));
    await withClient(async (c) => {
      // Recorded for the planner by the primary key's build, after the COPYs (children has none).
      const pages = await c.query<{ relpages: number; relallvisible: number }>(
        `SELECT relpages, relallvisible FROM pg_class WHERE oid = '${SCHEMA}.parents'::regclass`,
      );
      expect(pages.rows).toEqual([{ relpages: 1, relallvisible: 1 }]);
      const keys = await c.query<{ conname: string; convalidated: boolean }>(
        `SELECT conname, convalidated FROM pg_constraint WHERE connamespace = $1::regnamespace ORDER BY conname`,
        [SCHEMA],
      );
      expect(keys.rows.every((k) => k.convalidated)).toBe(true);
      expect(keys.rows.map((k) => k.conname)).toEqual(["children_parent_id_fkey", "parents_pkey"]);
    });
  });
});
