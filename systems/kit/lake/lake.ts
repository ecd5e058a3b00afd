import fs from "node:fs";
import path from "node:path";
import { type DuckDBConnection, DuckDBDataChunkWriter, DuckDBInstance } from "@duckdb/node-api";
import { type Clock, systemClock } from "../clock.ts";
import { inferColumns, type LakeRecord, quoteIdent, quoteString, rowFor } from "./columns.ts";
import { plainConverter, toParams } from "./convert.ts";
import { EmptySourceError, LakeError } from "./errors.ts";
import {
  checkDay,
  checkSource,
  hasFiles,
  listSources,
  partName,
  publish,
  STAGING,
  sourceGlob,
  utcDay,
} from "./files.ts";

export type { LakeRecord } from "./columns.ts";

/** The hive partition column: the folder day=<yyyy-mm-dd> shows up in every row as a DATE. */
const DAY_COLUMN = "day";

export interface AppendOptions {
  /** The partition day of a record; by default the UTC day of the lake clock's now. */
  day?: (record: LakeRecord) => string;
}

/**
 * Collected records as Parquet files in <root>/<source>/day=<yyyy-mm-dd>/part-*.parquet, queried
 * through an in-memory DuckDB. Only collection and training use it, never serving.
 */
export class Lake {
  private closed = false;

  private constructor(
    readonly root: string,
    private readonly instance: DuckDBInstance,
    private readonly clock: Clock,
  ) {}

  static async open(root: string, opts: { clock?: Clock } = {}): Promise<Lake> {
    const abs = path.resolve(root);
    fs.mkdirSync(path.join(abs, STAGING), { recursive: true });
    const instance = await DuckDBInstance.create(":memory:");
    return new Lake(abs, instance, opts.clock ?? systemClock);
  }

  /** Writes one Parquet file per day the records fall on; all are staged before any is published. */
  async append(
    source: string,
    records: readonly LakeRecord[],
    opts: AppendOptions = {},
  ): Promise<{ files: string[]; count: number }> {
    this.checkOpen();
    checkSource(source);
    if (records.length === 0) return { files: [], count: 0 };
    const now = this.clock.now();
    const byDay = groupByDay(records, opts.day ?? (() => utcDay(now)));
    const staged: { day: string; file: string }[] = [];
    const connection = await this.instance.connect();
    try {
      for (const [day, group] of byDay) staged.push({ day, file: await this.stage(connection, group, now) });
    } catch (error) {
      for (const { file } of staged) fs.rmSync(file, { force: true });
      throw error instanceof LakeError
        ? error
        : new LakeError(`append to "${source}" failed`, { cause: error });
    } finally {
      connection.closeSync();
    }
    const files = staged.map(({ day, file }) =>
      publish(file, path.join(this.root, source, `${DAY_COLUMN}=${day}`), now),
    );
    return { files, count: records.length };
  }

  /** A SQL table expression over every file of a source, columns merged by name across appends. */
  table(source: string): string {
    checkSource(source);
    const glob = quoteString(sourceGlob(this.root, source));
    return `read_parquet(${glob}, hive_partitioning = true, union_by_name = true)`;
  }

  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    this.checkOpen();
    const values = toParams(params);
    const connection = await this.instance.connect();
    try {
      const reader = await connection.runAndReadAll(sql, values.length > 0 ? values : undefined);
      return reader.convertRowObjects(plainConverter) as T[];
    } catch (error) {
      throw this.explain(error);
    } finally {
      connection.closeSync();
    }
  }

  async count(source: string): Promise<number> {
    checkSource(source);
    if (!hasFiles(this.root, source)) return 0;
    const [row] = await this.query<{ n: number }>(`SELECT count(*) AS n FROM ${this.table(source)}`);
    return row.n;
  }

  sources(): string[] {
    return listSources(this.root);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.instance.closeSync();
  }

  private async stage(
    connection: DuckDBConnection,
    records: readonly LakeRecord[],
    now: number,
  ): Promise<string> {
    const columns = inferColumns(records, new Set([DAY_COLUMN]));
    if (columns.length === 0) throw new LakeError("records have no columns besides the partition day");
    const file = path.join(this.root, STAGING, `${partName(now)}.tmp`);
    const ddl = columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(", ");
    await connection.run(`CREATE OR REPLACE TEMP TABLE lake_batch (${ddl})`);
    // The appender binds values natively: record contents never pass through SQL text.
    const appender = await connection.createAppender("lake_batch");
    const writer = DuckDBDataChunkWriter.forAppender(appender);
    for (const record of records) writer.appendRow(rowFor(record, columns));
    writer.flush();
    appender.closeSync();
    await connection.run(`COPY lake_batch TO ${quoteString(file)} (FORMAT parquet)`);
    await connection.run("DROP TABLE lake_batch");
    return file;
  }

  private explain(error: unknown): LakeError {
    const message = error instanceof Error ? error.message : String(error);
    const missing = /No files found that match the pattern "([^"]+)"/.exec(message);
    if (missing) {
      const source = path.relative(this.root, missing[1]).split(path.sep)[0];
      if (source && !source.startsWith("..")) return new EmptySourceError(source);
    }
    return new LakeError(`query failed: ${message}`, { cause: error });
  }

  private checkOpen(): void {
    if (this.closed) throw new LakeError("the lake is closed");
  }
}

function groupByDay(
  records: readonly LakeRecord[],
  dayOf: (r: LakeRecord) => string,
): Map<string, LakeRecord[]> {
  const byDay = new Map<string, LakeRecord[]>();
  for (const record of records) {
    if (record === null || typeof record !== "object" || Array.isArray(record)) {
      throw new LakeError("a lake record must be a plain object");
    }
    const day = checkDay(dayOf(record));
    const own = record[DAY_COLUMN];
    // The partition folder overrides a stored "day" when read, so a differing one would be lost silently.
    if (own !== undefined && own !== null && own !== day) {
      throw new LakeError(`record field "day" (${String(own)}) differs from its partition day ${day}`);
    }
    const group = byDay.get(day);
    if (group) group.push(record);
    else byDay.set(day, [record]);
  }
  return byDay;
}
