/**
 * The scenario-test checks every task shares, over the public API only, so both patterns pass or
 * fail the same tests: answering held-out rows as independent users would, the output contract,
 * bad input getting a 4xx that names field and rule, and feedback being accepted.
 */
import { z } from "zod";
import { DEFAULT_CONTRACT, fieldAt, requestAt } from "./contract-versions.ts";
import { mapLimit, requestJson } from "./http/client.ts";
import { REQUEST_HEADERS } from "./protocol/index.ts";
import { rng, shuffled } from "./random.ts";
import type { CheckResult, Row, TaskDefinition } from "./task.ts";

/** What every task's answer carries besides the task's own output fields. */
const envelope = z.object({ id: z.number().int(), release: z.string(), guard: z.string().nullable() });
export type Answer<A> = A & z.infer<typeof envelope>;

/** One reply of the public API: `body` is the answer when it came with 200 in the output's shape, else null. */
export interface Reply<A> {
  status: number;
  body: Answer<A> | null;
  /** The reply as it came, for messages. */
  raw: unknown;
}

export interface Answered<A> {
  row: Row;
  res: Reply<A>;
}

/**
 * Where checks send requests: the API, the synthetic mark when the harness is the sender, and the
 * contract version the requests are in (absent: v1).
 */
export type CheckTarget = { api: string; synthetic?: boolean; version?: string };

const headersOf = (c: CheckTarget) => ({
  ...(c.synthetic ? { [REQUEST_HEADERS.synthetic]: "1" } : {}),
  ...(c.version && c.version !== DEFAULT_CONTRACT ? { [REQUEST_HEADERS.contract]: c.version } : {}),
});

/** Posts a request to the task's route in the target's contract version (`body` in v1's shape, `row` for added fields). */
const post = (target: CheckTarget, task: TaskDefinition, body: Record<string, unknown>, row?: Row) =>
  requestJson(`${target.api}${task.route}`, {
    body: requestAt(task, target.version ?? DEFAULT_CONTRACT, body, row),
    headers: headersOf(target),
  });

/**
 * Posts one request to the task's route and reads the answer through the task's output schema.
 * `body` is in v1's shape; a target at a later version gets it renamed, with fields added from `row`.
 */
export async function ask<A>(
  target: CheckTarget,
  task: TaskDefinition,
  body: Record<string, unknown>,
  outputSchema: z.ZodType<A>,
  row?: Row,
): Promise<Reply<A>> {
  const res = await post(target, task, body, row);
  const parsed = res.status === 200 ? outputSchema.and(envelope).safeParse(res.body) : null;
  return { status: res.status, body: parsed?.success ? (parsed.data as Answer<A>) : null, raw: res.body };
}

/**
 * Held-out rows in a seeded random order, 8 at a time, as independent users would send them: time
 * order would look like a seasonal drift to the system's monitors.
 */
export async function askAll<A>(
  target: CheckTarget,
  task: TaskDefinition,
  rows: Row[],
  outputSchema: z.ZodType<A>,
): Promise<Answered<A>[]> {
  const order = shuffled(rows, rng("scenario-tests"));
  return mapLimit(order, 8, async (row, i) => ({
    row,
    res: await ask(target, task, task.toRequest(row, i), outputSchema, row),
  }));
}

/** The answers that came back with 200 in the output's shape. */
export function answered<A>(
  answers: Answered<A>[],
): { row: Row; res: { status: number; body: Answer<A> } }[] {
  return answers.flatMap((a) =>
    a.res.body ? [{ row: a.row, res: { status: a.res.status, body: a.res.body } }] : [],
  );
}

const errorBodySchema = z.object({
  error: z.object({ field: z.string().optional(), rule: z.string().optional() }),
});
/** The field and rule a 4xx names, when its body says. */
const errorOf = (body: unknown) => errorBodySchema.safeParse(body).data?.error;

/**
 * Answers match the output schema; a retyped `field` and an unknown field get a 422 naming field
 * and rule; a user's report of the true outcome (the row's target) is accepted.
 */
export async function contractChecks<A>(ctx: {
  api: string;
  synthetic?: boolean;
  version?: string;
  task: TaskDefinition;
  answers: Answered<A>[];
  /** A model field sent as text to break the contract's type rule. */
  retype: string;
}): Promise<CheckResult[]> {
  const { api, task, answers } = ctx;
  const ok = answered(answers);
  const shapeErrors = answers.filter((a) => a.res.status === 200 && a.res.body === null);
  const row = answers[0]?.row ?? {};
  const sample = task.toRequest(row, 0);
  const bad = await post(ctx, task, { ...sample, [ctx.retype]: `${String(sample[ctx.retype])} units` }, row);
  const unknown = await post(ctx, task, { ...sample, added_by_client: 1 }, row);
  const retyped = fieldAt(task, ctx.version ?? DEFAULT_CONTRACT, ctx.retype);
  const badError = errorOf(bad.body);
  const unknownError = errorOf(unknown.body);
  const fb = ok[0]
    ? await requestJson(`${api}/api/feedback`, {
        body: { id: ok[0].res.body.id, label: String(ok[0].row[task.target]) },
        headers: headersOf(ctx),
      })
    : null;
  return [
    {
      name: "answers match the API contract",
      passed: ok.length === answers.length && shapeErrors.length === 0,
      value: shapeErrors.length,
      detail: `${ok.length + shapeErrors.length}/${answers.length} answered 200; ${shapeErrors.length} off the output schema`,
    },
    {
      name: "contract-breaking requests get a 4xx naming field and rule",
      passed:
        bad.status === 422 &&
        badError?.field === retyped &&
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
