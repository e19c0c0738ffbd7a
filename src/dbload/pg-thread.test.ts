import { describe, expect, it } from "vitest";
import { checkService, serviceUrl } from "../../test/support/services.js";
import { openPgThread, startPgThread } from "./pg-thread.js";

const check = await checkService("postgres");
const url = serviceUrl("postgres");

describe.skipIf(!check.available)("a PostgreSQL connection on its own thread", () => {
  it("runs queries and COPYs in the order they were made, without waiting for each", async () => {
    const pg = await openPgThread(url, 5000);
    try {
      await pg.query("BEGIN");
      await pg.query("CREATE TEMP TABLE pg_thread_t (n int, s text)");
      // Made at once: the second COPY and the count must run after the first.
      const done = [
        pg.copy("COPY pg_thread_t FROM STDIN WITH (FORMAT csv)", new Uint8Array(Buffer.from('1,"a"\r\n'))),
        pg.copy("COPY pg_thread_t FROM STDIN WITH (FORMAT csv)", new Uint8Array(Buffer.from('2,"b"\r\n3,"c"\r\n'))),
      ];
      const counted = pg.query("SELECT count(*)::int AS n, string_agg(s, '' ORDER BY n) AS s FROM pg_thread_t");
      await Promise.all(done);
      expect(await counted).toEqual([{ n: 3, s: "abc" }]);
      await pg.query("ROLLBACK");
    } finally {
      await pg.end();
    }
  });

  it("moves the bytes of a COPY to the thread when they own their buffer", async () => {
    const pg = await openPgThread(url, 5000);
    try {
      await pg.query("CREATE TEMP TABLE pg_thread_m (n int)");
      const owned = Buffer.allocUnsafeSlow(3);
      owned.write("7\r\n");
      const view = new Uint8Array(owned.buffer, owned.byteOffset, owned.byteLength);
      await pg.copy("COPY pg_thread_m FROM STDIN WITH (FORMAT csv)", view);
      expect(view.byteLength).toBe(0); // detached: transferred, not copied
      expect(await pg.query("SELECT n FROM pg_thread_m")).toEqual([{ n: 7 }]);
    } finally {
      await pg.end();
    }
  });

  it("moves a part of a buffer the caller gives up, sends only that part and hands the buffer back", async () => {
    const pg = await openPgThread(url, 5000);
    try {
      await pg.query("CREATE TEMP TABLE pg_thread_o (n int)");
      const whole = Buffer.alloc(64, "9");
      whole.write("8\r\n", 0);
      const part = new Uint8Array(whole.buffer, whole.byteOffset, 3);
      const size = whole.buffer.byteLength;
      const spent = await pg.copy("COPY pg_thread_o FROM STDIN WITH (FORMAT csv)", part, true);
      expect(part.byteLength).toBe(0); // detached: moved, not copied
      expect(spent?.byteLength).toBe(size);
      expect(await pg.query("SELECT n FROM pg_thread_o")).toEqual([{ n: 8 }]);
    } finally {
      await pg.end();
    }
  });

  it("rejects a failed statement with the server's message and keeps serving the next", async () => {
    const pg = await openPgThread(url, 5000);
    try {
      await expect(pg.query("SELECT * FROM pg_thread_no_such_table")).rejects.toThrow(/pg_thread_no_such_table/);
      expect(await pg.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    } finally {
      await pg.end();
    }
  });

  it("rejects a failed COPY with the server's message, and what was queued behind it until ROLLBACK", async () => {
    const pg = await openPgThread(url, 5000);
    try {
      await pg.query("BEGIN");
      await pg.query("CREATE TEMP TABLE pg_thread_f (n int)");
      const copy = (text: string) => pg.copy("COPY pg_thread_f FROM STDIN WITH (FORMAT csv)", new Uint8Array(Buffer.from(text)));
      const results = await Promise.allSettled([copy("not a number\r\n"), copy("2\r\n"), pg.query("ROLLBACK"), pg.query("SELECT 1 AS one")]);
      expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "fulfilled", "fulfilled"]);
      expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/invalid input syntax for type integer/);
      expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/current transaction is aborted/);
    } finally {
      await pg.end();
    }
  });

  it("takes requests before the connection is open and runs them, in order, once it is", async () => {
    const pg = startPgThread(url, 5000);
    try {
      // Made at once, none awaited: they queue on the thread while it connects.
      const made = [
        pg.query("BEGIN"),
        pg.query("CREATE TEMP TABLE pg_thread_early (n int)"),
        pg.copy("COPY pg_thread_early FROM STDIN WITH (FORMAT csv)", new Uint8Array(Buffer.from("1\r\n2\r\n"))),
        pg.query("SELECT sum(n)::int AS s FROM pg_thread_early"),
        pg.query("ROLLBACK"),
      ];
      await pg.connected;
      const answers = await Promise.all(made);
      expect(answers[3]).toEqual([{ s: 3 }]);
    } finally {
      await pg.end();
    }
  });

  it("fails every request made before a connection that cannot be made with the driver's message", async () => {
    const bad = new URL(url);
    bad.port = "1";
    const pg = startPgThread(bad.toString(), 2000);
    try {
      const made = [pg.query("BEGIN"), pg.query("SELECT 1")];
      await expect(pg.connected).rejects.toThrow(/ECONNREFUSED/);
      for (const r of await Promise.allSettled(made)) expect(String((r as PromiseRejectedResult).reason)).toMatch(/ECONNREFUSED/);
    } finally {
      await pg.end();
    }
  });

  it("rejects with the driver's message when it cannot connect", async () => {
    const bad = new URL(url);
    bad.port = "1";
    await expect(openPgThread(bad.toString(), 2000)).rejects.toThrow(/ECONNREFUSED/);
  });
});
