import { z } from "zod";
import type { Store } from "../../kit/store/store.ts";
import type { GuardReason, Prediction, TaskLogic } from "../../kit/task.ts";
import { canned, faq } from "./answers.ts";

/**
 * The business: a bank's help chatbot (the paper's Figure 4). A predefined question goes by its
 * id to the FAQ table and back; free text goes to processing and the intent classifier, and a
 * confident intent gets that intent's FAQ answer. Every answer echoes what the user typed, then
 * passes the prohibited-word check, so nothing on the list ever reaches a customer. The FAQ, the
 * list and the out-of-scope threshold live in the database, editable by the business.
 */
export const decisions = [
  "faq",
  "answered",
  "out-of-scope",
  "withheld",
  "unavailable",
  "unknown-question",
] as const;
export type Decision = (typeof decisions)[number];

/**
 * Words the bank's chat never sends: the names of secrets (so no transcript pairs one with its
 * digits: customers do type them, "make my pin 1234") and a few swear words. Measured with
 * prohibitedIn over CLINC150's in-scope utterances: 25 of 900 test (24 "pin", all pin_change, 1
 * "crap"), 20 of 600 val, 100 of 3,000 train; 1 of 1,000 out-of-scope test ("pin stripe suit").
 * Echoed, they make the check matter on real traffic. The price: free-text pin_change questions
 * (100/100 train, 20/20 val, 24/30 test) get the withheld answer, which points to the same place
 * the FAQ does; the predefined question still answers.
 */
export const PROHIBITED_WORDS = [
  "pin",
  "pins",
  "password",
  "passwords",
  "passcode",
  "cvv",
  "cvc",
  "ssn",
  "social security number",
  "crap",
  "damn",
  "shit",
] as const;

/**
 * Below this confidence a free-text question gets the out-of-scope answer; the business tunes it
 * in `settings`. Calibrated on validation data (scratch/chatbot-calibrate.ts: the task's engine
 * trained on the train split, scored on val's 600 in-scope and 100 oos_val questions, WASM): the
 * lowest threshold that refuses 9 in 10 out-of-scope questions, 0.6 (val: 0.912 in-scope answered
 * right, 0.900 oos refused; at 0.5: 0.928 and 0.860; at 0.7: 0.875 and 0.930).
 */
export const DEFAULT_THRESHOLD = 0.6;
export const THRESHOLD_KEY = "oos_threshold";

/** How much of the user's question an answer repeats (CLINC150's in-scope utterances: 8 of 4,500 are longer). */
export const ECHO_MAX = 100;

export interface ChatInput {
  question_id?: number | null;
  text?: string | null;
  session?: string | null;
  [field: string]: unknown;
}

export interface ChatOutput {
  question_id: number | null;
  /** The predefined question, or the user's own text. */
  question: string;
  /** The FAQ's intent (predefined) or the classifier's best intent (free text). */
  intent: string | null;
  confidence: number | null;
  /** The reply the user reads: the only text the prohibited-word rule covers. */
  answer: string;
  decision: Decision;
}

/** The FAQ and rules the public API serves (`GET /api/reference`); clients read it through this schema. */
export const referenceSchema = z.object({
  questions: z.array(z.object({ id: z.number(), intent: z.string(), question: z.string() })),
  prohibited: z.array(z.string()),
  threshold: z.number(),
});
export type Reference = z.infer<typeof referenceSchema>;

/** Only free text needs the engine: a predefined question is answered from the database alone. */
export const usesModel = (input: ChatInput): boolean => input.question_id == null;

// Matching sees what a reader sees: NFKC folds full-width and styled letters, and invisible
// format characters (zero-width spaces, soft hyphens) cannot split a word.
const fold = (s: string) =>
  s
    .normalize("NFKC")
    .replace(/\p{Cf}/gu, "")
    .toLowerCase();
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The prohibited words (or phrases) in a text: case-insensitive whole words, after NFKC. */
export function prohibitedIn(text: string, words: readonly string[]): string[] {
  const hay = fold(text);
  return words.filter((word) => {
    const parts = fold(word).trim().split(/\s+/).filter(Boolean);
    if (!parts.length) return false;
    // A letter or digit on either side makes it part of another word ("spin", "pin2"); anything else is a boundary.
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${parts.map(literal).join("\\s+")}(?![\\p{L}\\p{N}])`, "u");
    return re.test(hay);
  });
}

/** The user's words as an answer repeats them: one line, at most ECHO_MAX characters. */
export function echo(text: string): string {
  const line = text
    .replace(/\p{Cc}/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const chars = Array.from(line);
  if (chars.length <= ECHO_MAX) return line;
  const cut = chars.slice(0, ECHO_MAX).join("");
  const space = cut.lastIndexOf(" ");
  return `${space > ECHO_MAX / 2 ? cut.slice(0, space) : cut}…`;
}

interface Rules {
  threshold: number;
  words: string[];
}

async function readRules(store: Store): Promise<Rules> {
  // One round trip for both rules: a slow database costs one call, not two.
  const rows = await store.all<{ kind: string; value: string }>(
    "select 'threshold' as kind, value from settings where key = ? union all select 'word' as kind, word as value from prohibited_words",
    [THRESHOLD_KEY],
  );
  const threshold = Number(rows.find((r) => r.kind === "threshold")?.value);
  // A missing threshold is lost reference data, not bad input: fail loudly rather than guess.
  if (!Number.isFinite(threshold)) throw new Error(`setting '${THRESHOLD_KEY}' is missing or not a number`);
  return { threshold, words: rows.filter((r) => r.kind === "word").map((r) => r.value) };
}

type FaqRow = { id: number; intent: string; question: string; answer: string };

async function faqByIntents(store: Store, wanted: string[]): Promise<Map<string, FaqRow>> {
  if (!wanted.length) return new Map();
  const rows = await store.all<FaqRow>(
    `select id, intent, question, answer from faq where intent in (${wanted.map(() => "?").join(", ")})`,
    wanted,
  );
  return new Map(rows.map((r) => [r.intent, r]));
}

/** Intents by the classifier's scores, best first. */
function ranked(prediction: Prediction): string[] {
  return Object.entries(prediction.scores)
    .filter(([, s]) => Number.isFinite(s))
    .sort((a, b) => b[1] - a[1])
    .map(([intent]) => intent);
}

interface Options {
  /** The prohibited-word check on the final answer (off only in the release.logic regression). */
  check: boolean;
  /** The RQ2 improvement: free-text answers end with the closest predefined questions. */
  suggest: boolean;
}

const SUGGESTIONS = 3;

async function respond(
  store: Store,
  input: ChatInput,
  prediction: Prediction | null,
  opts: Options,
): Promise<ChatOutput> {
  const rules = await readRules(store);
  const { out, closest } = await draft(store, input, prediction, rules, opts);
  const broken = (o: ChatOutput) => opts.check && prohibitedIn(o.answer, rules.words).length > 0;
  const withheld: ChatOutput = { ...out, answer: canned.withheld, decision: "withheld" };
  const checked = broken(out) ? withheld : out;
  // An answered question is not suggested back; a withheld one is, since its user got no answer.
  const seeAlso = closest
    .filter((c) => !(checked.decision === "answered" && c.intent === checked.intent))
    .slice(0, SUGGESTIONS)
    .map((c) => `"${c.question}"`);
  if (!seeAlso.length) return checked;
  const suggested = { ...checked, answer: `${checked.answer} See also: ${seeAlso.join("; ")}.` };
  // Each suggestion passed the rule on its own; the whole is checked again, so the rule holds on the final text.
  return broken(suggested) ? withheld : suggested;
}

/**
 * The answer before the prohibited-word check, and (when suggesting) the predefined questions
 * closest to a free-text question by the classifier's scores, best first, each clean of the list.
 */
async function draft(
  store: Store,
  input: ChatInput,
  prediction: Prediction | null,
  rules: Rules,
  opts: Options,
): Promise<{ out: ChatOutput; closest: { intent: string; question: string }[] }> {
  if (input.question_id != null) {
    const id = input.question_id;
    const row = await store.get<FaqRow>("select id, intent, question, answer from faq where id = ?", [id]);
    if (!row) return { out: unknown(id), closest: [] };
    const out: ChatOutput = {
      question_id: id,
      question: row.question,
      intent: row.intent,
      confidence: null,
      answer: row.answer,
      decision: "faq",
    };
    return { out, closest: [] };
  }
  const text = (input.text ?? "").trim();
  // The contract lets no empty question through; should one come, it is not worth a crash.
  if (!text) return { out: unknown(null), closest: [] };
  if (!prediction) {
    const out: ChatOutput = {
      question_id: null,
      question: text,
      intent: null,
      confidence: null,
      answer: canned.unavailable,
      decision: "unavailable",
    };
    return { out, closest: [] };
  }
  const intent = prediction.label;
  const confidence = prediction.confidence;
  const order = opts.suggest ? ranked(prediction) : [];
  // Suggesting reads every ranked intent's row (30 at most): some may be filtered out below.
  const rows = await faqByIntents(store, [...new Set([...(intent ? [intent] : []), ...order])]);
  const row = intent ? rows.get(intent) : undefined;
  const confident = row !== undefined && (confidence ?? 0) >= rules.threshold;
  const said = echo(text);
  const out: ChatOutput = {
    question_id: null,
    question: text,
    intent,
    confidence,
    answer: confident
      ? `You asked: "${said}". ${row.answer}`
      : `Sorry, I can't help with "${said}". ${canned.outOfScope}`,
    decision: confident ? "answered" : "out-of-scope",
  };
  const closest = order
    .map((i) => rows.get(i))
    .filter((r): r is FaqRow => r !== undefined && prohibitedIn(r.question, rules.words).length === 0);
  return { out, closest };
}

function unknown(id: number | null): ChatOutput {
  return {
    question_id: id,
    question: "",
    intent: null,
    confidence: null,
    answer: canned.unknownQuestion,
    decision: "unknown-question",
  };
}

const decide =
  (opts: Options): TaskLogic<ChatInput, ChatOutput>["decide"] =>
  // The guard's reason shows in the kit's response; the answer is the same whatever refused the engine.
  (store, input, prediction, _guard: GuardReason | null) =>
    respond(store, input, prediction, opts);

export const logic: TaskLogic<ChatInput, ChatOutput> = {
  async migrate(store: Store) {
    await store.exec(`
      create table if not exists faq (id integer primary key, intent text not null unique, question text not null, answer text not null);
      create table if not exists prohibited_words (word text primary key);
      create table if not exists settings (key text primary key, value text not null);
    `);
    // Insert-or-ignore: a second run keeps the business's edits.
    for (const [i, f] of faq.entries())
      await store.run("insert or ignore into faq values (?, ?, ?, ?)", [
        i + 1,
        f.intent,
        f.question,
        f.answer,
      ]);
    for (const w of PROHIBITED_WORDS)
      await store.run("insert or ignore into prohibited_words values (?)", [w]);
    await store.run("insert or ignore into settings values (?, ?)", [
      THRESHOLD_KEY,
      String(DEFAULT_THRESHOLD),
    ]);
  },

  decide: decide({ check: true, suggest: false }),

  async reference(store): Promise<Reference> {
    const rules = await readRules(store);
    return {
      questions: await store.all("select id, intent, question from faq order by id"),
      prohibited: [...rules.words].sort(),
      threshold: rules.threshold,
    };
  },
};

/**
 * Whether an answer keeps the business rules of the reference: a sentence when it breaks one,
 * else null. The task's answer audit and its scenario tests both use it.
 */
export function ruleBreak(ref: Reference, answer: ChatOutput): string | null {
  const words = prohibitedIn(answer.answer, ref.prohibited);
  if (words.length) return `the answer contains the prohibited ${words.map((w) => `'${w}'`).join(", ")}`;
  const known = answer.intent === null ? undefined : ref.questions.find((q) => q.intent === answer.intent);
  const sure = answer.confidence !== null && answer.confidence >= ref.threshold;
  const conf = `confidence ${answer.confidence} (threshold ${ref.threshold})`;
  switch (answer.decision) {
    case "faq": {
      const q = ref.questions.find((x) => x.id === answer.question_id);
      if (!q) return `a FAQ answer for question ${answer.question_id}, which the FAQ does not have`;
      return q.intent === answer.intent
        ? null
        : `question ${q.id} is '${q.intent}', answered as '${answer.intent}'`;
    }
    case "unknown-question":
      return answer.question_id !== null && ref.questions.some((q) => q.id === answer.question_id)
        ? `question ${answer.question_id} is in the FAQ but was called unknown`
        : null;
    case "answered":
      if (!known) return `answered as '${answer.intent}', which has no FAQ entry`;
      return sure ? null : `answered '${answer.intent}' at ${conf}: it should be out of scope`;
    case "out-of-scope":
      return known && sure ? `out of scope at ${conf} for '${answer.intent}': it should be answered` : null;
    case "unavailable":
      return answer.intent === null && answer.confidence === null
        ? null
        : `'unavailable' with intent '${answer.intent}' and confidence ${answer.confidence}`;
    case "withheld":
      return null;
  }
}

/**
 * A plausible regression for the release.logic fault: a refactor decided the FAQ answers were
 * vetted when the business wrote them and dropped the answer-time check, forgetting that answers
 * echo the user's words. A user's prohibited word now reaches the answer. Every pattern ships it.
 */
export const skipsProhibitedCheck: TaskLogic<ChatInput, ChatOutput> = {
  ...logic,
  decide: decide({ check: false, suggest: false }),
};

/**
 * The improvement for RQ2: every free-text answer the engine took part in (answered, out of
 * scope or withheld) ends with the closest predefined questions by the classifier's scores, so a
 * user one click from the right answer gets it (a withheld question about a card's code is
 * pointed to the FAQ's). Shipped between two model releases; RQ2 checks whether a rollback keeps it.
 */
export const suggestsQuestions: TaskLogic<ChatInput, ChatOutput> = {
  ...logic,
  decide: decide({ check: true, suggest: true }),
};

export const suggestsQuestionsIsLive = (answer: ChatOutput) =>
  / See also: "[^"]+"(; "[^"]+")*\.$/.test(answer.answer);
