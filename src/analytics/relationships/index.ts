// Exact relationships of a table (functional dependencies, arithmetic, orderings, groups): found
// in a real table, and checked in a synthetic one.
export { detectRelationships, groupSizes, constantShare, applyOp, sameToPlaces, MAX_KEYS, type DetectOptions } from "./detect-relationships.js";
export { breakingRows, checkRelationships, type RelationshipCheck } from "./check-relationships.js";
export { denseKeys, cellKey, strideRows, type Keys } from "./keys.js";
export {
  MIN_RELATIONSHIP_SHARE,
  MIN_SUPPORT_ROWS,
  relationshipColumns,
  relationshipText,
  type Arithmetic,
  type DetectedRelationship,
  type Determines,
  type FactColumn,
  type Grouping,
  type Ordering,
  type Relationship,
} from "./relationship-types.js";
export { parseRelationship, relationshipKey, RELATIONSHIP_SYNTAX } from "./relationship-text.js";
