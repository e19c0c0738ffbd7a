// What `mimic generate` shows and parses for coffee-shop, apart from the dataset (which loads the
// schema engine and the data tables of the three datasets it joins).
import type { DatasetInfo, DatasetOption } from "./dataset.js";

export const MAX_SHOP_STORES = 10_000;
export const MAX_SHOP_CUSTOMERS = 100_000_000;

const OPTIONS: readonly DatasetOption[] = [
  {
    name: "customers",
    description: `Number of customers (1 to ${MAX_SHOP_CUSTOMERS.toLocaleString("en-US")}); every other table follows from it (about 35 rows in all per customer with the defaults).`,
    default: "1000",
  },
  { name: "stores", description: `Number of shops (1 to ${MAX_SHOP_STORES}), at real US addresses.`, default: "5" },
  { name: "start-date", description: "First day of sales and sign-ups (YYYY-MM-DD).", default: "2022-01-01" },
  { name: "end-date", description: "Last day of sales and sign-ups, inclusive (YYYY-MM-DD).", default: "2022-12-31" },
  {
    name: "visits-mean",
    description:
      "Mean visits (transactions) per customer over the range; visits per customer follow a negative binomial (many occasional customers, a few regulars).",
    default: "12",
  },
];

export const COFFEE_SHOP_INFO: DatasetInfo = {
  name: "coffee-shop",
  summary: "A whole coffee-shop database: stores at real addresses, customers, loyalty members, transactions and their line items, tied by foreign keys.",
  options: OPTIONS,
  multiTable: true,
};
