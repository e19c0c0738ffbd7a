import { compileSchema } from "../schema/index.js";
import type { ColumnSchema } from "../schema/types.js";
import { COFFEE_SALES_INFO, MAX_RANGE_DAYS, MAX_STORES } from "./coffee-sales-info.js";
import type { DatasetDefinition } from "./dataset.js";
import { columnOf, onlyTable, readDatasetSchema } from "./internal/dataset-schema.js";
import { OptionReader } from "./internal/option-reader.js";

/**
 * The seed's coffee-shop sales with its defects fixed (unique transaction ids, every day of the
 * range, exact cents) and a morning rush, a lunch bump, weekday/weekend volume, a seasonal
 * hot/iced mix and multi-item baskets. The schema is `coffee-sales/coffee-sales.yaml`.
 *
 * @example
 * const table = coffeeSales.build({ "start-date": "2023-01-01", "end-date": "2023-06-30", stores: "3" }, 42);
 * const batch = table.generateChunk(0, 1000);
 */
export const coffeeSales: DatasetDefinition = {
  ...COFFEE_SALES_INFO,
  build(options, seed) {
    const reader = new OptionReader("coffee-sales", COFFEE_SALES_INFO.options, options);
    const start = reader.date("start-date");
    const end = reader.date("end-date");
    const stores = reader.integer("stores", 1, MAX_STORES);
    const paymentTypes = reader.shares("payment-types");
    // The range is checked only between two real dates; an invalid one is already reported.
    const days = start === undefined || end === undefined ? 0 : (Date.parse(end) - Date.parse(start)) / 86_400_000;
    if (days < 0) reader.issue("bad_range", "end-date", `--end-date ${end} is before --start-date ${start}; swap them.`);
    else if (days > MAX_RANGE_DAYS) reader.issue("bad_range", "end-date", "the date range is longer than 100 years; choose a shorter range.");
    reader.done();

    const { schema, baseDir } = readDatasetSchema("coffee-sales");
    const table = onlyTable(schema);
    const date = columnOf(table, "date", "date");
    // done() has thrown if either date was invalid.
    date.start = start!;
    date.end = end!;
    columnOf(table, "payment_type", "categorical").values = paymentTypes;
    if (stores > 1) table.columns = withStoreColumn(table.columns, stores);
    return compileSchema(schema, { seed, baseDir });
  },
};

/** Inserts `store_id` after `transaction_id`: store k's share of transactions ∝ 1/√k. */
function withStoreColumn(columns: Readonly<Record<string, ColumnSchema>>, stores: number): Record<string, ColumnSchema> {
  const ids = Array.from({ length: stores }, (_, i) => i + 1);
  const store: ColumnSchema = {
    kind: "categorical",
    scope: "group",
    values: ids,
    weights: ids.map((k) => 1 / Math.sqrt(k)),
    type: "int",
    description: "The shop that made the sale; bigger shops (lower ids) sell more.",
  };
  const result: Record<string, ColumnSchema> = {};
  for (const [name, column] of Object.entries(columns)) {
    result[name] = column;
    if (name === "transaction_id") result.store_id = store;
  }
  return result;
}
