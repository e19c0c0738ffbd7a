// Rows of a table read by `readCsvTable`, picked out: the held-out part of `fit --holdout` and of
// `fit --method auto`, chosen by a seeded shuffle so the same table and seed give the same split.
import { MimicError } from "../../errors/index.js";
import { createRandom } from "../../random/index.js";
import { NULL_CODE, type RawColumn } from "./internal/column-accumulator.js";
import type { RawTable } from "./internal/read-csv.js";

/** The table's rows at `rows` (in that order), every column as it was read. */
export function selectRows(table: RawTable, rows: Uint32Array): RawTable {
  const columns = table.columns.map((c): RawColumn => {
    if (c.storage === "text") {
      const codes = new Uint32Array(rows.length);
      let nulls = 0;
      for (let i = 0; i < rows.length; i++) if ((codes[i] = c.codes[rows[i]!]!) === NULL_CODE) nulls++;
      return { ...c, codes, nulls };
    }
    const values = new Float64Array(rows.length);
    let nulls = 0;
    for (let i = 0; i < rows.length; i++) if ((values[i] = c.values[rows[i]!]!) !== values[i]) nulls++;
    return { ...c, values, nulls };
  });
  return { ...table, columns, rowCount: rows.length };
}

/**
 * Parses a holdout share: `20%`, `0.2` or a row count (`500`). Throws MODEL_BAD_HOLDOUT for
 * anything else, or a part that would leave fewer than 2 rows on either side.
 */
export function holdoutRows(text: string, tableRows: number): number {
  const t = text.trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(t);
  let rows: number;
  if (percent) rows = Math.round((Number(percent[1]) / 100) * tableRows);
  else if (/^0?\.\d+$/.test(t)) rows = Math.round(Number(t) * tableRows);
  else if (/^\d+$/.test(t)) rows = Number(t);
  else throw new MimicError("MODEL_BAD_HOLDOUT", `--holdout ${JSON.stringify(text)} is not a share or a row count; give e.g. 20% , 0.2 or 500.`);
  if (rows < 2 || tableRows - rows < 2)
    throw new MimicError(
      "MODEL_BAD_HOLDOUT",
      `--holdout ${text} keeps ${rows} of the table's ${tableRows} rows aside; both the held-out part and the rest need at least 2 rows (try 20%).`,
    );
  return rows;
}

/** Splits the table into a fitting part and `held` held-out rows, by a shuffle seeded with `seed`. */
export function splitTable(table: RawTable, held: number, seed: number | string): { fit: RawTable; holdout: RawTable } {
  const order = Uint32Array.from({ length: table.rowCount }, (_, i) => i);
  const rng = createRandom(seed).fork("holdout");
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  // Each part keeps the table's own row order (a time series stays in time order).
  const holdout = order.subarray(0, held).slice().sort();
  const fit = order.subarray(held).slice().sort();
  return { fit: selectRows(table, fit), holdout: selectRows(table, holdout) };
}
