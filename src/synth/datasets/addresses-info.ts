// What `mimic generate` shows and parses for addresses, apart from the dataset (which loads the
// schema engine and the ZIP table): the CLI reads every dataset's options, and builds only one.
import type { DatasetInfo, DatasetOption } from "./dataset.js";
import { formatShares } from "./internal/option-reader.js";

/** The seed's property-type shares (percent); the types are rows of addresses/property-types.csv. */
export const PROPERTY_TYPE_SHARES = {
  "Single-family": 63,
  "Multi-family": 26,
  Condo: 4,
  Townhouse: 3,
  "Mobile home": 2,
  Farm: 1,
  Other: 1,
};

const OPTIONS: readonly DatasetOption[] = [
  {
    name: "property-types",
    description: "Shares of the property types (only these seven types; set a share to 0 to leave one out).",
    default: formatShares(PROPERTY_TYPE_SHARES),
  },
  {
    name: "value-spread",
    description: "Spread of assessed values around the state's price level × type multiplier (lognormal sigma, 0 to 2).",
    default: "0.45",
  },
];

export const ADDRESSES_INFO: DatasetInfo = {
  name: "addresses",
  summary: "US residential addresses with consistent real ZIP, city, state and coordinates, property type and assessed value.",
  options: OPTIONS,
};
