import { compileSchema } from "../schema/index.js";
import type { DatasetDefinition } from "./dataset.js";
import { AGE_DEPENDENT, DEMOGRAPHIC_SHARES, DEMOGRAPHICS_INFO, flagName, SHARE_COLUMNS } from "./demographics-info.js";
import { calibrateByAge, type AgeModel } from "./internal/calibrate.js";
import { columnOf, onlyTable, readDatasetSchema } from "./internal/dataset-schema.js";
import { OptionReader } from "./internal/option-reader.js";

export { DEMOGRAPHIC_SHARES };

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
  ...DEMOGRAPHICS_INFO,
  build(options, seed) {
    const reader = new OptionReader("demographics", DEMOGRAPHICS_INFO.options, options);
    const shares = Object.fromEntries(SHARE_COLUMNS.map((column) => [column, reader.shares(flagName(column))]));
    const model: AgeModel = {
      meanYear: reader.integer("birth-year-mean", 1800, 2100),
      sdYear: reader.integer("birth-year-sd", 1, 40),
      asOfYear: reader.integer("as-of-year", 1800, 2200),
    };
    if (model.asOfYear < model.meanYear) {
      reader.issue(
        "bad_range",
        "as-of-year",
        `--as-of-year ${model.asOfYear} is before --birth-year-mean ${model.meanYear}: most people would not be born yet; choose a later year.`,
      );
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
