/**
 * The protocol between units, the harness and the journal: zod schemas for everything that crosses
 * a process boundary, with the types inferred from them (one definition per record).
 */
export * from "./admin.ts";
export * from "./alerts.ts";
export * from "./arm.ts";
export * from "./database-url.ts";
export { ProtocolError } from "./errors.ts";
export * from "./journal.ts";
export * from "./model.ts";
export { parseAs, parseJsonAs } from "./parse.ts";
export * from "./releases.ts";
export * from "./unit-config.ts";
