import { compileDatabase } from "../schema/index.js";
import type { ColumnSchema, DataSource, Schema, TableSchema } from "../schema/types.js";
import { COFFEE_SHOP_INFO, MAX_SHOP_CUSTOMERS, MAX_SHOP_STORES } from "./coffee-shop-info.js";
import type { DatabaseDatasetDefinition } from "./dataset.js";
import { AGE_DEPENDENT, DEMOGRAPHIC_SHARES, SHARE_COLUMNS } from "./demographics-info.js";
import { calibrateByAge, type AgeModel } from "./internal/calibrate.js";
import { columnOf, onlyTable, readDatasetSchema } from "./internal/dataset-schema.js";
import { OptionReader } from "./internal/option-reader.js";
import { MAX_RANGE_DAYS } from "./coffee-sales-info.js";

/** Columns each table takes from a seed dataset's schema (hidden helpers listed with what reads them). */
interface Borrowed {
  from: "addresses" | "demographics" | "coffee-sales";
  /** Inserted after this column of the table (output order). */
  after: string;
  columns: readonly string[];
}

const BORROWED: Readonly<Record<string, Borrowed>> = {
  stores: {
    from: "addresses",
    after: "name",
    columns: ["address", "city", "state", "zip", "latitude", "longitude"],
  },
  customers: {
    from: "demographics",
    after: "customer_id",
    columns: ["first_name", "last_name", "dob", "gender", "marital_status", "race", "religion", "political_affiliation"],
  },
  transactions: { from: "coffee-sales", after: "store_id", columns: ["date", "time", "payment_type", "sale_month", "sale_hour"] },
  line_items: {
    from: "coffee-sales",
    after: "line",
    columns: ["product_id", "product", "type", "calories", "price", "quantity", "amount", "item", "serving"],
  },
};

/** Hidden helpers the borrowed columns read, per source dataset. */
const HELPERS: Readonly<Record<Borrowed["from"], readonly string[]>> = {
  addresses: ["house_number", "street_name", "street_type", "zip_latitude", "zip_longitude", "lat_offset", "lon_offset"],
  demographics: ["birth_year", "day_fraction", "age", "name_sex"],
  "coffee-sales": [],
};

/** The demographics dataset's default age model (its option defaults). */
const AGE_MODEL: AgeModel = { meanYear: 1975, sdYear: 10, asOfYear: 2025 };

/**
 * A whole coffee-shop database built from the seed's three programs: `stores` at real US addresses
 * (addresses), `customers` (demographics, with a home store, a sign-up date and an e-mail),
 * `loyalty_members` (about a third of customers), `transactions` (visits per customer ~ negative
 * binomial, each at a store weighted by its traffic, with the coffee-sales day, hour, season and
 * payment patterns) and `line_items` (the coffee-sales menu, basket sizes and exact amounts).
 * The own part of the schema is `coffee-shop/coffee-shop.yaml`.
 *
 * @example
 * const db = coffeeShop.buildDatabase({ customers: "500" }, 42);
 * for (const unit of db.plan) for (const { table, batch } of db.generate(unit)) console.log(table, batch.length);
 */
export const coffeeShop: DatabaseDatasetDefinition = {
  ...COFFEE_SHOP_INFO,
  multiTable: true,
  buildDatabase(options, seed) {
    const reader = new OptionReader("coffee-shop", COFFEE_SHOP_INFO.options, options);
    const customers = reader.integer("customers", 1, MAX_SHOP_CUSTOMERS);
    const stores = reader.integer("stores", 1, MAX_SHOP_STORES);
    const start = reader.date("start-date");
    const end = reader.date("end-date");
    const visitsText = reader.text("visits-mean");
    const visits = /^\d+(\.\d+)?$/.test(visitsText) ? Number(visitsText) : Number.NaN;
    if (!(visits > 0 && visits <= 1000))
      reader.issue("bad_number", "visits-mean", `--visits-mean must be a number above 0 and at most 1000, got "${visitsText}".`);
    const days = start === undefined || end === undefined ? 0 : (Date.parse(end) - Date.parse(start)) / 86_400_000;
    if (days < 0) reader.issue("bad_range", "end-date", `--end-date ${end} is before --start-date ${start}; swap them.`);
    else if (days > MAX_RANGE_DAYS) reader.issue("bad_range", "end-date", "the date range is longer than 100 years; choose a shorter range.");
    reader.done();

    const { schema, baseDir } = readDatasetSchema("coffee-shop");
    const data: Record<string, DataSource> = { ...schema.data };
    const sources = {
      addresses: readDatasetSchema("addresses", ["zip"]).schema,
      demographics: readDatasetSchema("demographics").schema,
      "coffee-sales": readDatasetSchema("coffee-sales").schema,
    };
    calibrateDemographics(onlyTable(sources.demographics));
    for (const source of Object.values(sources)) Object.assign(data, source.data);
    for (const [name, borrowed] of Object.entries(BORROWED)) {
      const table = schema.tables[name]!;
      table.columns = withBorrowed(table.columns, onlyTable(sources[borrowed.from]), borrowed);
    }
    const t = schema.tables;
    t.stores!.rows = stores;
    t.customers!.rows = customers;
    // done() has thrown if either date was invalid.
    for (const [table, column] of [
      ["customers", "signup_date"],
      ["transactions", "date"],
    ] as const) {
      const date = columnOf(t[table]!, column, "date");
      date.start = start!;
      date.end = end!;
      // ISO dates (coffee-sales writes MM/DD/YYYY, as the seed did): what databases read.
      delete date.format;
    }
    const visitsColumn = columnOf(t.transactions!, "customer_id", "reference");
    visitsColumn.perParent = { name: "negbinomial", mean: visits, size: 0.7 };
    const full: Schema = { version: 1, data, tables: t };
    return compileDatabase(full, { seed, baseDir });
  },
};

/** The demographics dataset's default shares, calibrated by age exactly as that dataset does. */
function calibrateDemographics(table: TableSchema): void {
  for (const name of SHARE_COLUMNS) {
    const column = columnOf(table, name, "categorical");
    column.values = { ...DEMOGRAPHIC_SHARES[name] };
    if (AGE_DEPENDENT.includes(name)) table.columns[name] = calibrateByAge(column, AGE_MODEL);
  }
}

/** The table's columns with the borrowed ones after `after` and their hidden helpers at the end (one row per basket, so no group scope). */
function withBorrowed(own: Readonly<Record<string, ColumnSchema>>, source: TableSchema, borrowed: Borrowed): Record<string, ColumnSchema> {
  const take = (name: string): ColumnSchema => {
    const column = source.columns[name];
    if (column === undefined) throw new Error(`coffee-shop borrows ${borrowed.from}.${name}, which does not exist`);
    const { scope: _scope, ...rest } = column;
    return rest;
  };
  const result: Record<string, ColumnSchema> = {};
  for (const [name, column] of Object.entries(own)) {
    result[name] = column;
    if (name === borrowed.after) for (const b of borrowed.columns) result[b] = take(b);
  }
  for (const helper of HELPERS[borrowed.from]) result[helper] = { ...take(helper), hidden: true };
  return result;
}
