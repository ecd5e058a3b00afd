/**
 * The paper's three post-drill questions, answered on a 5-point scale: per pattern (and per task when
 * the drills span several), how many gave each answer, the median, and the comments in full.
 */
import type { Patterns } from "./comparisons.ts";
import { ALL } from "./tables.ts";
import { teamOf } from "./teams.ts";
import type {
  LikertFigure,
  QuestionKey,
  Questionnaire,
  QuestionnaireComment,
  QuestionnaireRow,
  TrialRow,
} from "./types.ts";

export const QUESTIONS: Questionnaire["questions"] = [
  {
    key: "helped_identify",
    text: "The pattern helped me identify the failure",
    short: "helped identify the failure",
  },
  { key: "helped_rollback", text: "The pattern helped me roll back", short: "helped roll back" },
  { key: "would_adopt", text: "I would adopt the pattern, given the authority", short: "would adopt it" },
];

export const SCALE = "1 = strongly disagree, 2 = disagree, 3 = neutral, 4 = agree, 5 = strongly agree";

/** Counts of 1..5 and the median (the mean of the two middle answers when n is even). */
export function likertFigure(answers: number[]): LikertFigure {
  const counts: LikertFigure["counts"] = [0, 0, 0, 0, 0];
  for (const a of answers) counts[a - 1]++;
  const sorted = [...answers].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length === 0 ? null : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { n: answers.length, counts, median };
}

/** The patterns compared first, then any other pattern drilled, by name. */
function patternOrder(trials: TrialRow[], p: Patterns): string[] {
  const others = [...new Set(trials.map((t) => t.arm))].filter((x) => x !== p.baseline && x !== p.candidate);
  return [p.baseline, p.candidate, ...others.sort()];
}

function rowOf(task: string, pattern: string, drills: TrialRow[]): QuestionnaireRow {
  const answered = drills.flatMap((t) => (t.questionnaire ? [t.questionnaire] : []));
  const questions = Object.fromEntries(
    QUESTIONS.map((q) => [q.key, likertFigure(answered.map((a) => a[q.key]))]),
  ) as Record<QuestionKey, LikertFigure>;
  return { task, pattern, drills: drills.length, answered: answered.length, questions };
}

/** The questionnaire of one operator's finished trials (the report computes it for human drills). */
export function questionnaireOf(trials: TrialRow[], patterns: Patterns): Questionnaire {
  const order = patternOrder(trials, patterns);
  const tasks = [...new Set(trials.map((t) => t.task))].sort();
  const rowsOf = (task: string, ofTask: TrialRow[]) =>
    order.flatMap((pattern) => {
      const drills = ofTask.filter((t) => t.arm === pattern);
      // The compared patterns always show (an empty row says nobody drilled it); others only with drills.
      return drills.length || (task === ALL && order.indexOf(pattern) < 2)
        ? [rowOf(task, pattern, drills)]
        : [];
    });
  const rows = [
    ...rowsOf(ALL, trials),
    ...(tasks.length > 1
      ? tasks.flatMap((task) =>
          rowsOf(
            task,
            trials.filter((t) => t.task === task),
          ),
        )
      : []),
  ];
  const comments: QuestionnaireComment[] = trials
    .filter((t) => t.questionnaire?.comment.trim())
    .sort((a, b) => order.indexOf(a.pattern) - order.indexOf(b.pattern) || a.id.localeCompare(b.id))
    .map((t) => ({
      id: t.id,
      task: t.task,
      pattern: t.arm,
      team: teamOf(t),
      comment: t.questionnaire?.comment ?? "",
    }));
  return { scale: SCALE, questions: QUESTIONS, rows, comments };
}
