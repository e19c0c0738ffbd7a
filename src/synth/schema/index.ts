export type * from "./types.js";
export type * from "./types-personal.js";
export { compileDatabase, compileSchema, loadSchemaFile, validateSchema, type CompileOptions, type LoadedSchema } from "./compile.js";
export type { CompiledTable } from "./compile-table.js";
export type { CompiledDatabase, FamilyChunk, TableChunk } from "./database.js";
export type { ForeignKey } from "./relations.js";
export { defineColumn, defineSchema, defineTable, dist } from "./builder.js";
export { formatDate, formatDateTime, formatTime, formatStored } from "./runtime/format.js";
export { civilFromDays, daysFromCivil, weekdayOfDays } from "./runtime/dates.js";
