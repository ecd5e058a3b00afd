import { z } from "zod";
import type { UnitContext } from "../http/context.ts";
import type { Collector } from "../http/task-api.ts";
import { parseJsonAs, rowSchema } from "../protocol/index.ts";
import { type CollectedRows, labeledRows } from "../release/collected.ts";
import type { Row, TaskDefinition } from "../task.ts";
import type { Store } from "./store.ts";

/**
 * Training data and collected records kept in the serving database (three-layer's app, gateway's
 * logic): no collector unit, no lake. The pipeline reads the training table; collected and
 * rejected records land in their own tables.
 */

/** The one database keeps what the app collects, the rejected records and the training data. */
export async function migrateCollected(store: Store): Promise<void> {
  await store.exec(`
    create table if not exists collected (id integer primary key autoincrement, kind text not null, ts text not null, record text not null);
    create table if not exists rejected (id integer primary key autoincrement, kind text not null, ts text not null, record text not null);
    create table if not exists training_data (id integer primary key autoincrement, record text not null);
  `);
}

export async function loadTrainingData(store: Store, rows: Row[]): Promise<void> {
  const have = await store.get<{ n: number }>("select count(*) as n from training_data");
  if (have && have.n > 0) return;
  await appendTrainingData(store, rows);
}

export async function appendTrainingData(store: Store, rows: Row[]): Promise<void> {
  await store.exec("begin");
  for (const r of rows) await store.run("insert into training_data (record) values (?)", [JSON.stringify(r)]);
  await store.exec("commit");
}

export async function readTrainingData(store: Store): Promise<Row[]> {
  const rows = await store.all<{ record: string }>("select record from training_data order by id");
  return rows.map((r, i) => parseJsonAs(rowSchema, r.record, `training_data row ${i + 1}`));
}

const collectedRecordSchema = z.record(z.string(), z.unknown());

/** Users' requests and feedback from the collected table, as labeled training rows (kit/release/collected.ts). */
export async function readCollectedTraining(store: Store, task: TaskDefinition): Promise<CollectedRows> {
  // In arrival order: of two reports with the same time, the later one wins.
  const collected = await store.all<{ kind: string; record: string }>(
    "select kind, record from collected where kind in ('request', 'feedback') order by id",
  );
  const records = (kind: string) =>
    collected
      .filter((c) => c.kind === kind)
      .map((c, i) => parseJsonAs(collectedRecordSchema, c.record, `collected ${kind} ${i + 1}`));
  return labeledRows(task, records("request"), records("feedback"));
}

/** Collects into the database's collected/rejected tables, off the answer's path: a failed write is logged. */
export function storeCollector(ctx: UnitContext, store: Store): Collector {
  return {
    collect(kind, record) {
      const table = kind === "quarantine" ? "rejected" : "collected";
      store
        .run(`insert into ${table} (kind, ts, record) values (?, ?, ?)`, [
          kind,
          String(record.ts ?? ""),
          JSON.stringify(record),
        ])
        .catch((err) => ctx.logger.error("collecting failed", { kind, error: String(err) }));
    },
  };
}

/** GET /admin/rejected: the newest rejected records (up to ?limit, 1000 at most) and how many there are. */
export function mountRejected(admin: import("express").Router, store: Store): void {
  admin.get("/rejected", async (req, res) => {
    const limit = Math.min(Number(req.query.limit ?? 100) || 100, 1000);
    const rows = await store.all<{ id: number; ts: string; record: string }>(
      "select id, ts, record from rejected order by id desc limit ?",
      [limit],
    );
    const count = await store.get<{ n: number }>("select count(*) as n from rejected");
    res.json({
      count: count?.n ?? 0,
      records: rows.map((r) => ({ id: r.id, ts: r.ts, ...JSON.parse(r.record) })),
    });
  });
}
