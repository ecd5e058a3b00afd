export type { Column, ColumnType, LakeValue } from "./columns.ts";
export { EmptySourceError, LakeError } from "./errors.ts";
export { type AppendOptions, Lake, type LakeRecord } from "./lake.ts";
