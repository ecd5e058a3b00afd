import type { Clock } from "../clock.ts";

export type Level = "debug" | "info" | "warn" | "error";

export interface Logger {
  log(level: Level, msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * One JSON line per event on stdout: the deploy module sends each unit's stdout to its log file,
 * which is what an operator reads.
 */
export function createLogger(
  base: { system: string; unit: string },
  clock: Clock,
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Logger {
  const log = (level: Level, msg: string, fields: Record<string, unknown> = {}) =>
    write(JSON.stringify({ t: new Date(clock.now()).toISOString(), level, ...base, msg, ...fields }));
  return {
    log,
    info: (m, f) => log("info", m, f),
    warn: (m, f) => log("warn", m, f),
    error: (m, f) => log("error", m, f),
  };
}
