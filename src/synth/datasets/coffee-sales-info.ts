// What `mimic generate` shows and parses for coffee-sales, apart from the dataset (which loads the
// schema engine): the CLI reads every dataset's options, and builds only the one it runs.
import type { DatasetInfo, DatasetOption } from "./dataset.js";
import { formatShares } from "./internal/option-reader.js";

export const DEFAULT_PAYMENT_TYPES = { Credit: 34, Debit: 22, "Apple Pay": 15, Cash: 12, "Google Pay": 6, "Gift card": 6, Venmo: 5 };
export const MAX_STORES = 10_000;
export const MAX_RANGE_DAYS = 366 * 100;

const OPTIONS: readonly DatasetOption[] = [
  { name: "start-date", description: "First day of sales (YYYY-MM-DD).", default: "2022-01-01" },
  { name: "end-date", description: "Last day of sales, inclusive (YYYY-MM-DD).", default: "2022-12-31" },
  {
    name: "stores",
    description: `Number of shops (1 to ${MAX_STORES}). Above 1, a store_id column follows transaction_id; bigger stores (lower ids) sell more.`,
    default: "1",
  },
  { name: "payment-types", description: "Payment types and their shares of transactions.", default: formatShares(DEFAULT_PAYMENT_TYPES) },
];

export const COFFEE_SALES_INFO: DatasetInfo = {
  name: "coffee-sales",
  summary: "Coffee-shop sales: one row per basket line, 25-product menu, daily, weekly and seasonal patterns.",
  options: OPTIONS,
};
