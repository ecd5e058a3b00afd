import { parseJsonAs, rowSchema } from "../../kit/protocol/index.ts";
import type { Store } from "../../kit/store/store.ts";
import type { Row } from "../../kit/task.ts";

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
