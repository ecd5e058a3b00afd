/**
 * The scenario-test checks every task shares, over the public API only, so both patterns pass or
 * fail the same tests: answering held-out rows as independent users would, the output contract,
 * bad input getting a 4xx that names field and rule, and feedback being accepted.
 */
import type { ZodType } from "zod";
import { mapLimit, requestJson } from "./http/client.ts";
import { rng, shuffled } from "./random.ts";
import type { CheckResult, Row, TaskDefinition } from "./task.ts";

export interface Answered<A> {
  row: Row;
  res: { status: number; body: A & { id: number; release: string; guard: string | null } };
}

/**
 * Held-out rows in a seeded random order, 8 at a time, as independent users would send them: time
 * order would look like a seasonal drift to the system's monitors.
 */
export async function askAll<A>(api: string, task: TaskDefinition, rows: Row[]): Promise<Answered<A>[]> {
  const order = shuffled(rows, rng("scenario-tests"));
  return mapLimit(order, 8, async (row, i) => ({
    row,
    res: await requestJson<Answered<A>["res"]["body"]>(`${api}${task.route}`, {
      body: task.toRequest(row, i),
    }),
  }));
}

type ErrorBody = { error?: { field?: string; rule?: string } };

/**
 * Answers match the output schema; a retyped `field` and an unknown field get a 422 naming field
 * and rule; a user's report of the true outcome (the row's target) is accepted.
 */
export async function contractChecks<A>(ctx: {
  api: string;
  task: TaskDefinition;
  outputSchema: ZodType<A>;
  answers: Answered<A>[];
  /** A model field sent as text to break the contract's type rule. */
  retype: string;
}): Promise<CheckResult[]> {
  const { api, task, answers } = ctx;
  const ok = answers.filter((a) => a.res.status === 200);
  const shapeErrors = ok.filter(
    (a) => !ctx.outputSchema.safeParse(a.res.body).success || typeof a.res.body.id !== "number",
  );
  const post = (body: unknown) => requestJson<ErrorBody>(`${api}${task.route}`, { body });
  const sample = task.toRequest(answers[0]?.row ?? {}, 0);
  const bad = await post({ ...sample, [ctx.retype]: `${String(sample[ctx.retype])} units` });
  const unknown = await post({ ...sample, added_by_client: 1 });
  const badError = bad.body?.error;
  const unknownError = unknown.body?.error;
  const fb = ok[0]
    ? await requestJson(`${api}/api/feedback`, {
        body: { id: ok[0].res.body.id, label: String(ok[0].row[task.target]) },
      })
    : null;
  return [
    {
      name: "answers match the API contract",
      passed: ok.length === answers.length && shapeErrors.length === 0,
      value: shapeErrors.length,
      detail: `${ok.length}/${answers.length} answered 200; ${shapeErrors.length} off the output schema`,
    },
    {
      name: "contract-breaking requests get a 4xx naming field and rule",
      passed:
        bad.status === 422 &&
        badError?.field === ctx.retype &&
        badError.rule === "type" &&
        unknown.status === 422 &&
        unknownError?.field === "added_by_client" &&
        unknownError.rule === "unknown",
      detail: `retyped: ${bad.status} ${JSON.stringify(badError)}; added field: ${unknown.status} ${JSON.stringify(unknownError)}`,
    },
    {
      name: "feedback on an answer is accepted",
      passed: fb?.status === 201,
      detail: `status ${fb?.status ?? "none"}`,
    },
  ];
}
