// A people table (name, e-mail, phone, company, date of birth, address) from the schema engine
// vs the same columns from @faker-js/faker the idiomatic way (one object per row), in one run.
// Generation only, no serialisation (the writers have their own benchmark).
//   npm run bench -- people
import { readFileSync } from "node:fs";
import { fakerEN_US as faker } from "@faker-js/faker";
import { parse } from "yaml";
import { compileSchema } from "../src/synth/index.js";

const ROWS = 200_000;
const schema: unknown = parse(readFileSync(new URL("../docs/examples/people.yaml", import.meta.url), "utf8"));

/**
 * Best of 5 after a warm-up, by wall-clock time and by this process's CPU time (user + system,
 * GC threads included). On a shared, loaded machine the wall-clock includes time spent waiting for
 * a core, so the ratio is also given by CPU time, which waiting does not inflate.
 */
function time(label: string, rows: number, f: () => void): { wall: number; cpu: number } {
  f(); // warm-up
  let wall = Infinity;
  let cpu = Infinity;
  for (let k = 0; k < 5; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall = Math.min(wall, performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
  }
  const rate = { wall: rows / (wall / 1000), cpu: rows / (cpu / 1000) };
  console.log(`${label.padEnd(44)} ${(rate.wall / 1e3).toFixed(0).padStart(6)} k rows/s wall, ${(rate.cpu / 1e3).toFixed(0).padStart(6)} k rows/s CPU  (best of 5: ${wall.toFixed(0)} ms, ${cpu.toFixed(0)} ms CPU, ${rows} rows)`);
  return rate;
}

const rowsOf = (table: ReturnType<typeof compileSchema>) => (): void => {
  let sink = 0;
  for (let k = 0; k * table.chunkSize < ROWS; k++) sink += table.generateChunk(k, Math.min(table.chunkSize, ROWS - k * table.chunkSize)).length;
  if (sink !== ROWS) throw new Error("row count");
};
const engine = rowsOf(compileSchema(schema, { seed: 42 }));
// The same table in 4,096-row chunks (the default is 65,536): text columns are built into one
// buffer per chunk, so the chunk size should barely matter.
const smallChunks = structuredClone(schema) as { tables: { people: { chunkSize?: number } } };
smallChunks.tables.people.chunkSize = 4096;
const engineSmallChunks = rowsOf(compileSchema(smallChunks, { seed: 42 }));

// Faker: the same columns, each from the module its documentation points to; the e-mail is made
// from the row's name, as the engine's is, and first names follow the row's sex.
const fakerRows = (): void => {
  faker.seed(42);
  const rows: Record<string, unknown>[] = [];
  const from = new Date("1940-01-01T00:00:00Z");
  const to = new Date("2006-12-31T00:00:00Z");
  for (let i = 0; i < ROWS; i++) {
    const sex = faker.person.sexType();
    const firstName = faker.person.firstName(sex);
    const lastName = faker.person.lastName();
    rows.push({
      id: i + 1,
      gender: sex === "female" ? "Female" : "Male",
      name: `${firstName} ${lastName}`,
      email: faker.internet.email({ firstName, lastName }),
      phone: faker.phone.number(),
      company: faker.company.name(),
      date_of_birth: faker.date.between({ from, to }).toISOString().slice(0, 10),
      address: `${faker.location.streetAddress()}, ${faker.location.city()}, ${faker.location.state({ abbreviated: true })} ${faker.location.zipCode()}`,
    });
  }
  if (rows.length !== ROWS) throw new Error("row count");
};

console.log(`people table (name, email, phone, company, date of birth, address), ${ROWS} rows, generation only`);
const e = time("schema engine (docs/examples/people.yaml)", ROWS, engine);
const b = time("same, chunkSize 4096", ROWS, engineSmallChunks);
const f = time("faker per-row objects (fakerEN_US)", ROWS, fakerRows);
console.log(`ratio engine / faker: ${(e.wall / f.wall).toFixed(2)}× wall, ${(e.cpu / f.cpu).toFixed(2)}× CPU (target ≥ 5×)`);
console.log(`ratio engine with 4096-row chunks / faker: ${(b.wall / f.wall).toFixed(2)}× wall, ${(b.cpu / f.cpu).toFixed(2)}× CPU`);
