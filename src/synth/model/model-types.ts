// The fitted model as saved to JSON. Everything a sampler needs and nothing it does not: no real
// rows, only marginal summaries (quantiles, category frequencies) and one correlation matrix.

/** Personal data a model never learns: replaced on sampling by a generator of the same kind. */
export type PersonalKind = "email" | "phone" | "name" | "first_name" | "last_name";

/**
 * Version of the model file format written; a file with a version this mimic does not know is
 * refused, never guessed at. Version 2 added `constraints`; version 3 `method` (and `cart` for sequential CART);
 * version 4 lets a category be drawn given a date's period (`cuts` in `hierarchy`); version 5 shifts
 * rare categories in every copula draw (`drawShifts` of a categorical column); version 6 lets a
 * discrete number be drawn given categories (its value `shares` in `hierarchy`). Older files
 * still load as they are: each version only adds fields.
 */
export const MODEL_FORMAT_VERSION = 6;
/** Every version this mimic reads. */
export const MODEL_FORMAT_VERSIONS: readonly number[] = [1, 2, 3, 4, 5, 6];

/** How rows are drawn: the Gaussian copula, or sequential CART on the copula's scores (internal/cart-tree.ts). */
export type SynthesisMethod = "copula" | "cart";
export const SYNTHESIS_METHODS: readonly SynthesisMethod[] = ["copula", "cart"];
export const MODEL_FORMAT = "mimic-model";

/** How a continuous column's distribution is stored. */
export type Marginal =
  | { family: "empirical"; quantiles: number[] }
  | { family: "normal"; mean: number; sd: number }
  | { family: "lognormal"; mu: number; sigma: number }
  | { family: "uniform" };

interface ColumnBase {
  name: string;
  /** Share of rows that are null (empty) in the real table; sampled independently. */
  nullRate: number;
  /** How the real table wrote a missing value when not as an empty cell (`NA`, `None`): written back the same in CSV. */
  missing?: string;
}

/** A number or datetime with many distinct values: a marginal bounded by the observed range. */
export interface ContinuousColumn extends ColumnBase {
  kind: "continuous";
  /** Integers stay integers; otherwise values are rounded to `decimals` places (or `significant` digits). */
  integer: boolean;
  decimals: number;
  /**
   * Set for numbers written in scientific notation (`1.101e-06`): values are rounded to this many
   * significant digits and written as the shortest text for them, never to a number of places.
   */
  significant?: number;
  min: number;
  max: number;
  marginal: Marginal;
  /** Set for datetimes (values are epoch milliseconds, written back in this format). */
  datetimeFormat?: string;
  /** The KS distance of the chosen marginal to the data (for the fit report). */
  ks: number;
  /** Datetimes over a year or more whose yearly cycle other columns follow (internal/seasons.ts). */
  season?: Season;
}

/**
 * The yearly cycle of a datetime column: a companion copula coordinate named `<column>@season`
 * holds each instant's angular distance from the seasonal axis.
 */
export interface Season {
  /** Angle of the axis within the year, radians in [0, 2π) (0 ≈ 1 January, 00:00 UTC). */
  phase: number;
  /** Distribution of the angular distance from the axis, in [0, π]. */
  marginal: Marginal;
  min: number;
  max: number;
}

/** A number or datetime with few distinct values, kept exactly; intervals ordered by value. */
export interface DiscreteColumn extends ColumnBase {
  kind: "discrete";
  values: number[];
  probabilities: number[];
  decimals: number;
  /** As on continuous columns: the values are written as the shortest text, not with `decimals` places. */
  significant?: number;
  datetimeFormat?: string;
}

/** Text (or boolean) categories; intervals on the uniform scale ordered by frequency. */
export interface CategoricalColumn extends ColumnBase {
  kind: "categorical";
  values: string[];
  probabilities: number[];
  boolean: boolean;
  /**
   * For rows drawn *given* one of the values (`--where`): per value (in `values` order), how far
   * the real rows' mean normal score of every copula column (in `copula.columns` order; 0 for this
   * one) lies from what the copula's single correlation predicts. Absent in files from before.
   */
  shifts?: number[][];
  /**
   * Values (indices in `values` order) seen on too few rows for the copula's correlation to place
   * them: every copula draw that lands on one moves the row's other coordinates by its `shifts`
   * (internal/category-shifts.ts). Absent before version 5, and in CART models.
   */
  drawShifts?: number[];
}

/** Keys regenerated unique by construction (never copied from the data). */
export interface IdentifierColumn extends ColumnBase {
  kind: "identifier";
  pattern:
    | { type: "integer"; start: number }
    | { type: "template"; prefix: string; digits: number; suffix: string }
    /** Per character position, the alphabet it draws from (one character: a literal); internal/id-shape.ts. */
    | { type: "shape"; positions: string[] };
}

/** Free text: random words from the column's most common words, with its word-count spread. */
export interface TextColumn extends ColumnBase {
  kind: "text";
  words: string[];
  minWords: number;
  maxWords: number;
}

/** Personal data (emails, phone numbers, person names): replaced by generators, never learnt. */
export interface PersonalColumn extends ColumnBase {
  kind: "personal";
  personal: PersonalKind;
  /** For phones: the most common layout, `#` standing for a digit (e.g. `(###) ###-####`). */
  mask?: string;
}

/** A column with one value (or none): kept as it is. */
export interface ConstantColumn extends ColumnBase {
  kind: "constant";
  value: string | null;
}

export type ModelColumn = ContinuousColumn | DiscreteColumn | CategoricalColumn | IdentifierColumn | TextColumn | PersonalColumn | ConstantColumn;

/** A note about a column the user should know about (how it was typed, replaced or dropped). */
export interface ModelNotice {
  column: string;
  message: string;
}

/** A fitted Gaussian copula over a table. */
export interface Model {
  format: typeof MODEL_FORMAT;
  version: 1 | 2 | 3 | 4 | 5 | typeof MODEL_FORMAT_VERSION;
  /** Absent (files before version 3): the copula. */
  method?: SynthesisMethod;
  /** Set for `method: "cart"`: one tree per copula coordinate, in `copula.columns` order. */
  cart?: CartModel;
  /** Set when `fit --method auto` chose: both methods' quality on the held-out part, and why. */
  choice?: MethodChoice;
  /** Rows the model was fitted on. */
  rows: number;
  /** Every output column, in the real table's order (dropped columns excluded). */
  columns: ModelColumn[];
  copula: {
    /** Names of the columns the copula correlates (continuous, discrete, categorical). */
    columns: string[];
    /** Correlation of their normal scores: symmetric, unit diagonal, positive definite. */
    correlation: number[][];
  };
  notices: ModelNotice[];
  /**
   * Set when the model was made less exact on purpose (`mimic fit --privacy`): the level and what
   * it did. Absent: the faithful fit.
   */
  privacy?: { level: string; bandwidth: number; flatten: number; shrink: number };
  /** Exact relationships sampling keeps (model-constraints.ts). Absent: none (and in version 1 files). */
  constraints?: ModelConstraint[];
  /** Columns drawn given one or two categorical columns or a date's period (internal/hierarchy.ts), parents first. Absent: none (files before it). */
  hierarchy?: ConditionalDraw[];
}

/**
 * `column` is drawn within the context of its `given` columns' values: per context seen on enough
 * rows (`key`: each given column's value index; a key of one is the first given column alone, the
 * fallback for a rarer combination), the child's value `shares` over `values` (a category, or from
 * version 6 a discrete number), or 17 `quantiles` (a continuous number). A row whose context is not listed keeps the child's own draw.
 */
export interface ConditionalDraw {
  column: string;
  given: string[];
  /**
   * Set when a given column is a date (version 4): per given column, the ascending values (epoch
   * ms) its range is cut at — its value index is how many cuts lie at or below the value — or null
   * for a category.
   */
  cuts?: (number[] | null)[];
  contexts: { key: number[]; values?: number[]; shares?: number[]; quantiles?: number[] }[];
}

/**
 * `to` follows `from`: a row whose `from` is value i gets `to`'s value `mapping[i]` (indices into
 * each column's `values`); `null` leaves the copula's draw (a value seen on too few rows to share,
 * or whose `to` is mostly missing). `exceptions`: the share of rows that keep the copula's draw
 * anyway, as in the real table.
 */
export interface DeterminesConstraint {
  type: "determines";
  from: string;
  to: string;
  mapping: (number | null)[];
  exceptions: number;
  /** Share of real rows that keep it. */
  support: number;
  /** Values of `from` left unmapped because too few rows had them (generalised). */
  generalised: number;
}

/** `target` is computed as `left op right`, rounded to its decimals (but on `exceptions` of rows). */
export interface ArithmeticConstraint {
  type: "arithmetic";
  target: string;
  op: "+" | "-" | "*";
  left: string;
  right: string;
  exceptions: number;
  support: number;
}

/** `low ≤ high` (`<` when strict): a drawn pair in the wrong order is swapped. */
export interface OrderConstraint {
  type: "order";
  low: string;
  high: string;
  strict: boolean;
  support: number;
}

/**
 * Rows sharing a `by` id form a group: group sizes are drawn from `sizes`/`probabilities` (share
 * of groups), each group's rows are consecutive and share one id, and the `constant` columns
 * share the group's first row's value.
 */
export interface GroupConstraint {
  type: "group";
  by: string;
  constant: string[];
  sizes: number[];
  probabilities: number[];
}

export type ModelConstraint = DeterminesConstraint | ArithmeticConstraint | OrderConstraint | GroupConstraint;

/** Columns that take part in the copula. */
export type CopulaColumn = ContinuousColumn | DiscreteColumn | CategoricalColumn;

export function isCopulaColumn(column: ModelColumn): column is CopulaColumn {
  return column.kind === "continuous" || column.kind === "discrete" || column.kind === "categorical";
}

/** Suffix of a yearly cycle's coordinate in `copula.columns` (`date@season`). */
export const SEASON_SUFFIX = "@season";

/** The coordinates of the copula, in order: the copula columns, then each yearly cycle. */
export function copulaCoordinates(columns: readonly ModelColumn[]): string[] {
  const copula = columns.filter(isCopulaColumn);
  return [...copula.map((c) => c.name), ...copula.flatMap((c) => (c.kind === "continuous" && c.season ? [c.name + SEASON_SUFFIX] : []))];
}

/**
 * A tree node: a split (`feature` is an earlier copula coordinate; scores ≤ `threshold` go
 * `left`) or a leaf — `shares` per value of a categorical/discrete column, or `quantiles` of a
 * number's normal scores.
 */
export type CartNode = { feature: number; threshold: number; left: number; right: number } | { shares: number[] } | { quantiles: number[] };

export interface CartTree {
  nodes: CartNode[];
}

export interface CartModel {
  /** Tree j draws copula coordinate j from coordinates 0..j−1. */
  trees: CartTree[];
  /** Real rows the trees were fitted on (a regular stride of the table beyond that). */
  rows: number;
}

export interface MethodChoice {
  chosen: SynthesisMethod;
  /** Quality score (0–1) of each method's sample against the held-out real rows. */
  quality: Record<SynthesisMethod, number>;
  heldOutRows: number;
  reason: string;
  /**
   * Each method's privacy on the same held-out part (absent in files written before it): DCR
   * overfitting protection, and its share of sampled rows that copy a training row beside the
   * held-out rows' own share. A method below the bar is refused when the other meets it.
   * `copies` (absent in files written before it): sampled rows copying a training row and a
   * held-out row, and the chance of as many training copies with nothing memorised.
   */
  privacy?: Record<SynthesisMethod, { dcrOverfitting: number; exactCopyShare: number; copies?: ChoiceCopies }> & { holdoutExactCopyShare: number };
  /**
   * Each method's utility on the same held-out part (absent in files written before it, and for a
   * table without a category of 2–20 values to predict): per target, the TSTR/TRTR macro-F1 ratio.
   */
  utility?: Record<SynthesisMethod, ChoiceUtility>;
  /** With `utility`: the standard deviation of the difference of the two scores over resamples of the held-out rows. */
  utilitySpread?: number;
}

/** A method's utility in `auto`'s choice: `score` is the mean over targets of each ratio capped at 1. */
export interface ChoiceUtility {
  score: number;
  ratios: Record<string, number>;
}

/** Exact copies in `auto`'s sample: of training rows, of held-out rows, and the binomial p-value of the first. */
export interface ChoiceCopies {
  training: number;
  holdout: number;
  pValue: number;
}
