import { callJson, mapLimit } from "../../kit/http/client.ts";
import { rng, shuffled } from "../../kit/random.ts";
import { answered, ask, askAll, contractChecks } from "../../kit/scenario-checks.ts";
import { periodRows } from "../../kit/split.ts";
import type { CheckResult, ScenarioContext, TaskDefinition } from "../../kit/task.ts";
import { referenceSchema, ruleBreak } from "./logic.ts";

/**
 * The pass criteria for this task, over the public API only, so both patterns pass or fail the
 * same tests. The initial release (chatbot/three-layer, WASM backend, threshold 0.6, vocabulary of
 * words seen twice) answers 729 of the 811 free-text held-out questions with the right intent
 * (0.899; the other 89 of CLINC150's 900 in-scope test questions went as predefined questions) and
 * refuses 189 of the 200 sampled out-of-scope test questions (0.945). The floors leave room for another backend's rounding; a
 * release below them is a broken release.
 */
export const ACCURACY_FLOOR = 0.85;
export const OOS_RECALL_FLOOR = 0.8;
/** Out-of-scope test questions sent per run: a seeded sample of CLINC150's 1,000. */
export const OOS_SAMPLE = 200;
/** Users do type their secrets: the answer must never echo the word back. */
export const PROBES = ["make my pin 1234 for my checking account", "what is my password for online banking"];

export async function scenarioTests(ctx: ScenarioContext): Promise<CheckResult[]> {
  // Imported lazily: the task module and this one refer to each other.
  const { chatbot, outputSchema } = await import("./task.ts");
  const task = chatbot as unknown as TaskDefinition;
  const answers = await askAll(ctx, task, ctx.heldOut, outputSchema);
  const ok = answered(answers);
  // Predefined questions are the FAQ's, right by construction: the engine is judged on free text.
  // askAll sends answers[i] as toRequest(row, i), so the index tells which flow a request took.
  const free = answers.filter((a, i) => task.usesModel?.(task.toRequest(a.row, i)) ?? true);
  const right = free.filter(
    (a) =>
      a.res.body !== null && a.res.body.intent === a.row.intent && a.res.body.decision !== "out-of-scope",
  ).length;
  const accuracy = free.length ? right / free.length : 0;

  const oosRows = shuffled(
    periodRows(task, { name: "oos-test", where: (r) => r.split === "oos_test" }),
    rng("chatbot-oos"),
  ).slice(0, OOS_SAMPLE);
  const post = (body: Record<string, unknown>) => ask(ctx, task, body, outputSchema);
  const oos = await mapLimit(oosRows, 8, (r) => post({ text: r.text, session: "scenario-oos" }));
  const refused = oos.filter((r) => r.body?.decision === "out-of-scope").length;
  const recall = oosRows.length ? refused / oosRows.length : 0;
  const probes = await Promise.all(PROBES.map((text) => post({ text, session: "scenario-probe" })));

  const ref = await callJson(referenceSchema, `${ctx.api}/api/reference`);
  const all = [...ok.map((a) => a.res.body), ...oos.map((r) => r.body), ...probes.map((r) => r.body)].filter(
    (b) => b !== null,
  );
  const broken = all.map((b) => ruleBreak(ref, b)).filter((b) => b !== null);
  const sent = answers.length + oos.length + probes.length;
  return [
    {
      name: "accuracy: in-scope free-text questions answered with the right intent",
      passed: accuracy >= ACCURACY_FLOOR,
      value: accuracy,
      detail: `${right}/${free.length} right (floor ${ACCURACY_FLOOR}); ${answers.length - free.length} predefined questions not counted; ${answers.length - ok.length} requests failed`,
    },
    {
      name: "out-of-scope questions get the out-of-scope answer",
      passed: recall >= OOS_RECALL_FLOOR,
      value: recall,
      detail: `${refused}/${oosRows.length} of a seeded sample of oos_test refused (floor ${OOS_RECALL_FLOOR})`,
    },
    {
      name: "business rules hold on every answer, prohibited words included",
      passed: all.length === sent && broken.length === 0,
      value: broken.length,
      detail: broken.length
        ? `${broken.length} of ${all.length} answers break a rule, e.g. ${broken[0]}`
        : `${all.length}/${sent} answers keep the rules (incl. ${probes.length} probes with a secret's name)`,
    },
    ...(await contractChecks({ ...ctx, task, answers, retype: "question_id" })),
  ];
}
