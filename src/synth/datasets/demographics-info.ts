// What `mimic generate` shows and parses for demographics, apart from the dataset (which loads
// the schema engine and the name tables): the CLI reads every dataset's options, and builds one.
import type { DatasetInfo, DatasetOption } from "./dataset.js";
import { formatShares } from "./internal/option-reader.js";

/** Default shares (percent): the seed's, plus political affiliation (Gallup 2023 party identification). */
export const DEMOGRAPHIC_SHARES = {
  gender: { Male: 53, Female: 40, Other: 6, Transgender: 1 },
  marital_status: { Married: 50, Single: 33, Unknown: 17 },
  race: { White: 58, Hispanic: 19, Black: 12, Asian: 6, Multiracial: 5 },
  religion: { Christian: 70, Agnostic: 20, Atheist: 3, Jewish: 2, Other: 2, Muslim: 1, Hindu: 1, Buddhist: 1 },
  political_affiliation: { Independent: 43, Democrat: 27, Republican: 27, Other: 3 },
} as const;

export type ShareColumn = keyof typeof DEMOGRAPHIC_SHARES;
export const SHARE_COLUMNS = Object.keys(DEMOGRAPHIC_SHARES) as ShareColumn[];
/** Columns whose shares vary with age (calibrated so the overall shares stay as given). */
export const AGE_DEPENDENT: readonly ShareColumn[] = ["marital_status", "race", "religion", "political_affiliation"];
export const flagName = (column: string): string => column.replaceAll("_", "-");

const OPTIONS: readonly DatasetOption[] = [
  ...SHARE_COLUMNS.map((column) => ({
    name: flagName(column),
    description: `Shares of ${column.replace("_", " ")}${AGE_DEPENDENT.includes(column) ? " (overall; they still vary with age)" : ""}.`,
    default: formatShares(DEMOGRAPHIC_SHARES[column]),
  })),
  { name: "birth-year-mean", description: "Mean of the Normal year of birth.", default: "1975" },
  { name: "birth-year-sd", description: "Standard deviation of the year of birth, in years (1 to 40).", default: "10" },
  { name: "as-of-year", description: "Year at which ages are taken (age bands drive marital status, religion, …).", default: "2025" },
];

export const DEMOGRAPHICS_INFO: DatasetInfo = {
  name: "demographics",
  summary: "People with gender-matched names, date of birth and age-dependent marital status, race, religion and politics.",
  options: OPTIONS,
};
