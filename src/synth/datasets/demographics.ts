import { compileSchema } from "../schema/index.js";
import type { DatasetDefinition, DatasetOption } from "./dataset.js";
import { calibrateByAge, type AgeModel } from "./internal/calibrate.js";
import { columnOf, onlyTable, readDatasetSchema } from "./internal/dataset-schema.js";
import { formatShares, OptionReader } from "./internal/option-reader.js";

/** Default shares (percent): the seed's, plus political affiliation (Gallup 2023 party identification). */
export const DEMOGRAPHIC_SHARES = {
  gender: { Male: 53, Female: 40, Other: 6, Transgender: 1 },
  marital_status: { Married: 50, Single: 33, Unknown: 17 },
  race: { White: 58, Hispanic: 19, Black: 12, Asian: 6, Multiracial: 5 },
  religion: { Christian: 70, Agnostic: 20, Atheist: 3, Jewish: 2, Other: 2, Muslim: 1, Hindu: 1, Buddhist: 1 },
  political_affiliation: { Independent: 43, Democrat: 27, Republican: 27, Other: 3 },
} as const;

type ShareColumn = keyof typeof DEMOGRAPHIC_SHARES;
const SHARE_COLUMNS = Object.keys(DEMOGRAPHIC_SHARES) as ShareColumn[];
/** Columns whose shares vary with age (calibrated so the overall shares stay as given). */
const AGE_DEPENDENT: readonly ShareColumn[] = ["marital_status", "race", "religion", "political_affiliation"];
const flagName = (column: string): string => column.replaceAll("_", "-");

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

/**
 * People: gender-matched first names (SSA baby names), surnames (1990 Census), date of birth,
 * gender, marital status, race, religion and political affiliation, with age-dependent shares whose
 * overall totals match the defaults. The schema is `demographics/demographics.yaml`.
 *
 * @example
 * const table = demographics.build({ gender: "Male=49,Female=49,Other=2" }, 1);
 * const batch = table.generateChunk(0, 1000);
 */
export const demographics: DatasetDefinition = {
  name: "demographics",
  summary: "People with gender-matched names, date of birth and age-dependent marital status, race, religion and politics.",
  options: OPTIONS,
  build(options, seed) {
    const reader = new OptionReader("demographics", OPTIONS, options);
    const shares = Object.fromEntries(SHARE_COLUMNS.map((column) => [column, reader.shares(flagName(column))]));
    const model: AgeModel = {
      meanYear: reader.integer("birth-year-mean", 1800, 2100),
      sdYear: reader.integer("birth-year-sd", 1, 40),
      asOfYear: reader.integer("as-of-year", 1800, 2200),
    };
    if (model.asOfYear < model.meanYear) {
      reader.issue("bad_range", "as-of-year", `--as-of-year ${model.asOfYear} is before --birth-year-mean ${model.meanYear}: most people would not be born yet; choose a later year.`);
    }
    reader.done();

    const { schema, baseDir } = readDatasetSchema("demographics");
    const table = onlyTable(schema);
    columnOf(table, "birth_year", "numeric").distribution = { name: "normal", mean: model.meanYear, sd: model.sdYear };
    columnOf(table, "age", "expression").expr = `${model.asOfYear} - birth_year`;
    for (const name of SHARE_COLUMNS) {
      const column = columnOf(table, name, "categorical");
      column.values = shares[name]!;
      table.columns[name] = AGE_DEPENDENT.includes(name) ? calibrateByAge(column, model) : column;
    }
    return compileSchema(schema, { seed, baseDir });
  },
};
