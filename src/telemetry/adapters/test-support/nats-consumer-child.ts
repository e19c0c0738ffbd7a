// A consumer process for the "killed mid-batch" test: it commits half of its first batch to the
// SQLite file, says "MID" on stdout and then hangs without acking, waiting for SIGKILL.
import { connectNatsBus } from "../bus-nats/index.js";
import { openSqliteStore } from "../store-sqlite/index.js";

const [url, stream, subject, durable, dbPath] = process.argv.slice(2) as [string, string, string, string, string];
const store = await openSqliteStore({ path: dbPath });
const bus = await connectNatsBus({ url, stream, subject, durable, ackWaitMs: 1000 });
await bus.consume(async (messages) => {
  const readings = messages.flatMap((m) => m.readings);
  await store.appendReadings(readings.slice(0, Math.floor(readings.length / 2)));
  process.stdout.write(`MID ${messages.length}\n`);
  await new Promise(() => undefined);
});
process.stdout.write("READY\n");
