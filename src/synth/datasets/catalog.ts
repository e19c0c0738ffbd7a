// Every built-in dataset's name, summary and options, without loading any dataset: what
// `mimic generate` needs to parse flags and print --help. load-dataset.ts loads the one that runs.
import { ADDRESSES_INFO } from "./addresses-info.js";
import { COFFEE_SALES_INFO } from "./coffee-sales-info.js";
import { COFFEE_SHOP_INFO } from "./coffee-shop-info.js";
import type { DatasetInfo } from "./dataset.js";
import { DEMOGRAPHICS_INFO } from "./demographics-info.js";
import { IOT_INFO } from "./iot/iot-info.js";

/**
 * In the order `mimic generate --help` lists them (DATASETS' order, then the whole databases of
 * DATABASE_DATASETS; a test checks it).
 */
export const DATASET_CATALOG: readonly DatasetInfo[] = [COFFEE_SALES_INFO, ADDRESSES_INFO, DEMOGRAPHICS_INFO, IOT_INFO, COFFEE_SHOP_INFO];
