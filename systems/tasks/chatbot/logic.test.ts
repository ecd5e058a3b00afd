import { describe, expect, it } from "vitest";
import { openStore } from "../../kit/store/index.ts";
import type { Store } from "../../kit/store/store.ts";
import type { Prediction } from "../../kit/task.ts";
import { canned, faq, intents } from "./answers.ts";
import {
  type ChatOutput,
  DEFAULT_THRESHOLD,
  ECHO_MAX,
  echo,
  logic,
  PROHIBITED_WORDS,
  prohibitedIn,
  type Reference,
  ruleBreak,
  skipsProhibitedCheck,
  suggestsQuestions,
  suggestsQuestionsIsLive,
  usesModel,
} from "./logic.ts";

async function migrated(): Promise<Store> {
  const store = openStore(":memory:");
  await logic.migrate(store);
  return store;
}

/** A classifier answer: `label` at `confidence`, the rest of the mass spread over the other intents in FAQ order. */
const predicted = (label: string, confidence: number): Prediction => {
  const others = intents.filter((i) => i !== label);
  const total = (others.length * (others.length + 1)) / 2;
  const scores = Object.fromEntries(
    others.map((i, k) => [i, ((1 - confidence) * (others.length - k)) / total]),
  );
  return { label, confidence, value: null, limit: null, scores: { ...scores, [label]: confidence } };
};

const ask = (text: string) => ({ text, session: "s1" });
const refOf = async (store: Store) => (await logic.reference(store)) as Reference;

describe("chatbot logic", () => {
  it("seeds the FAQ with stable ids 1..30 in intent order, the prohibited words and the threshold", async () => {
    const store = await migrated();
    const ref = await refOf(store);
    expect(ref.questions.map((q) => q.id)).toEqual(faq.map((_, i) => i + 1));
    expect(ref.questions.map((q) => q.intent)).toEqual([...intents]);
    expect(ref.questions[2]).toEqual({ id: 3, intent: "pin_change", question: faq[2].question });
    expect(new Set(faq.map((f) => f.domain))).toEqual(new Set(["banking", "credit_cards"]));
    expect(intents).toHaveLength(30);
    expect(ref.prohibited).toEqual([...PROHIBITED_WORDS].sort());
    expect(ref.threshold).toBe(DEFAULT_THRESHOLD);
    await store.close();
  });

  it("migrates idempotently and keeps the business's edits", async () => {
    const store = await migrated();
    await store.run("update settings set value = '0.7' where key = 'oos_threshold'");
    await store.run("update faq set answer = 'Edited.' where id = 1");
    const before = await refOf(store);
    await logic.migrate(store);
    expect(await refOf(store)).toEqual(before);
    expect(before.threshold).toBe(0.7);
    expect((await store.get<{ n: number }>("select count(*) as n from faq"))?.n).toBe(30);
    expect((await logic.decide(store, { question_id: 1 }, null, null)).answer).toBe("Edited.");
    await store.close();
  });

  it("answers every predefined question from the FAQ by its id, without the engine", async () => {
    const store = await migrated();
    const ref = await refOf(store);
    for (const [i, f] of faq.entries()) {
      const input = { question_id: i + 1 };
      expect(usesModel(input)).toBe(false);
      const out = await logic.decide(store, input, null, null);
      expect(out).toEqual({
        question_id: i + 1,
        question: f.question,
        intent: f.intent,
        confidence: null,
        answer: f.answer,
        decision: "faq",
      });
      expect(ruleBreak(ref, out)).toBeNull();
    }
    expect(usesModel({ text: "hi", question_id: null })).toBe(true);
    await store.close();
  });

  it("answers an unknown question id with a clear answer, not a crash", async () => {
    const store = await migrated();
    const out = await logic.decide(store, { question_id: 999 }, null, null);
    expect(out).toMatchObject({ question_id: 999, intent: null, decision: "unknown-question" });
    expect(out.answer).toBe(canned.unknownQuestion);
    expect(ruleBreak(await refOf(store), out)).toBeNull();
    await store.close();
  });

  it("answers confident free text with the intent's FAQ answer, echoing the question", async () => {
    const store = await migrated();
    const ref = await refOf(store);
    for (const f of faq) {
      // The FAQ's own question, typed: clean of prohibited words (a test below holds it).
      const text = f.question.toLowerCase();
      const out = await logic.decide(store, ask(text), predicted(f.intent, 0.9), null);
      expect(out).toMatchObject({ question_id: null, question: text, intent: f.intent, confidence: 0.9 });
      expect(out.decision).toBe("answered");
      expect(out.answer).toBe(`You asked: "${text}". ${f.answer}`);
      expect(ruleBreak(ref, out)).toBeNull();
    }
    await store.close();
  });

  it("says out of scope below the threshold and answers at it, reading the threshold from the database", async () => {
    const store = await migrated();
    const q = ask("what's the weather on mars");
    const low = await logic.decide(store, q, predicted("balance", DEFAULT_THRESHOLD - 0.01), null);
    expect(low).toMatchObject({ decision: "out-of-scope", intent: "balance" });
    expect(low.answer).toBe(`Sorry, I can't help with "what's the weather on mars". ${canned.outOfScope}`);
    expect(ruleBreak(await refOf(store), low)).toBeNull();
    const at = await logic.decide(store, q, predicted("balance", DEFAULT_THRESHOLD), null);
    expect(at.decision).toBe("answered");
    await store.run("update settings set value = '0.8' where key = 'oos_threshold'");
    expect((await logic.decide(store, q, predicted("balance", 0.79), null)).decision).toBe("out-of-scope");
    expect((await logic.decide(store, q, predicted("balance", 0.8), null)).decision).toBe("answered");
    await store.close();
  });

  it("says out of scope for an intent the FAQ does not have", async () => {
    const store = await migrated();
    const out = await logic.decide(store, ask("book a flight"), predicted("oos", 0.99), null);
    expect(out).toMatchObject({ decision: "out-of-scope", intent: "oos", confidence: 0.99 });
    expect(ruleBreak(await refOf(store), out)).toBeNull();
    await store.close();
  });

  it("answers 'unavailable' when the guard refused the engine, whatever the reason", async () => {
    const store = await migrated();
    const ref = await refOf(store);
    for (const guard of ["unavailable", "invalid-label", "invalid-confidence", null] as const) {
      const out = await logic.decide(store, ask("what is my balance"), null, guard);
      expect(out).toEqual({
        question_id: null,
        question: "what is my balance",
        intent: null,
        confidence: null,
        answer: canned.unavailable,
        decision: "unavailable",
      });
      expect(ruleBreak(ref, out)).toBeNull();
    }
    await store.close();
  });

  it("withholds an answer that would echo a prohibited word, answered or out of scope", async () => {
    const store = await migrated();
    const ref = await refOf(store);
    const cases: [string, number, string][] = [
      ["make my pin 1234 for my checking account", 0.9, "pin_change"],
      ["change my PIN please", 0.9, "pin_change"],
      ["my password stopped working", 0.2, "account_blocked"],
      ["i have a crap transaction from guitar center on my account", 0.9, "report_fraud"],
      ["what is my social  security number", 0.3, "credit_score"],
    ];
    for (const [text, confidence, intent] of cases) {
      const out = await logic.decide(store, ask(text), predicted(intent, confidence), null);
      expect(out, text).toMatchObject({ decision: "withheld", intent, confidence, question: text });
      expect(out.answer).toBe(canned.withheld);
      expect(ruleBreak(ref, out)).toBeNull();
    }
    await store.close();
  });

  it("matches whole words only, in any case, after NFKC and across invisible characters", () => {
    const words = ["pin", "social security number"];
    expect(prohibitedIn("My PIN is", words)).toEqual(["pin"]);
    expect(prohibitedIn("the pin's digits", words)).toEqual(["pin"]);
    expect(prohibitedIn("pin-code or pin_code", words)).toEqual(["pin"]);
    expect(prohibitedIn("ＰＩＮ", words)).toEqual(["pin"]);
    expect(prohibitedIn("p\u200Bin", words)).toEqual(["pin"]);
    expect(prohibitedIn("Social\nSecurity   Number", words)).toEqual(["social security number"]);
    expect(prohibitedIn("spin the pinned pins, pin2", words)).toEqual([]);
    expect(prohibitedIn("social security", words)).toEqual([]);
    expect(prohibitedIn("anything", ["", "  "])).toEqual([]);
  });

  it("follows the prohibited list in the database, including for a FAQ answer the business edited", async () => {
    const store = await migrated();
    const q = ask("can I move money to savings");
    expect((await logic.decide(store, q, predicted("transfer", 0.9), null)).decision).toBe("answered");
    await store.run("insert into prohibited_words values ('savings')");
    expect((await logic.decide(store, q, predicted("transfer", 0.9), null)).decision).toBe("withheld");
    await store.run("update faq set answer = 'Call us and give your PIN.' where id = 12");
    const out = await logic.decide(store, { question_id: 12 }, null, null);
    expect(out).toMatchObject({
      question_id: 12,
      intent: "balance",
      decision: "withheld",
      answer: canned.withheld,
    });
    expect(ruleBreak(await refOf(store), out)).toBeNull();
    await store.close();
  });

  it("keeps every seeded question and answer, and every canned answer, free of prohibited words", () => {
    const texts = [...faq.flatMap((f) => [f.question, f.answer]), ...Object.values(canned)];
    for (const t of texts) expect(prohibitedIn(t, PROHIBITED_WORDS), t).toEqual([]);
  });

  it("writes answers of one or two sentences", () => {
    for (const f of faq) {
      const sentences = f.answer.split(/(?<=[.!?])\s+(?=[A-Z])/);
      expect(sentences.length, f.intent).toBeLessThanOrEqual(2);
      expect(f.answer.length, f.intent).toBeLessThanOrEqual(240);
      expect(f.question.endsWith("?"), f.intent).toBe(true);
    }
  });

  it("echoes at most ECHO_MAX characters on one line, cut at a word", () => {
    expect(echo("  how do i\n\tpay  my bill ")).toBe("how do i pay my bill");
    const long = `${"word ".repeat(40)}end`;
    const cut = echo(long);
    expect(Array.from(cut).length).toBeLessThanOrEqual(ECHO_MAX + 1);
    expect(cut.endsWith("word…")).toBe(true);
    expect(echo("x".repeat(150))).toBe(`${"x".repeat(ECHO_MAX)}…`);
  });

  it("treats an empty question as unknown, not as a crash", async () => {
    const store = await migrated();
    const out = await logic.decide(store, { text: "   " }, predicted("balance", 0.9), null);
    expect(out.decision).toBe("unknown-question");
    await store.close();
  });

  it("fails loudly when the threshold setting is lost", async () => {
    const store = await migrated();
    await store.run("delete from settings");
    await expect(logic.decide(store, { question_id: 1 }, null, null)).rejects.toThrow(/oos_threshold/);
    await store.close();
  });
});

describe("chatbot answer audit", () => {
  const ref: Reference = {
    questions: [
      { id: 1, intent: "freeze_account", question: "How do I freeze my account?" },
      { id: 12, intent: "balance", question: "What is my account balance?" },
    ],
    prohibited: ["pin"],
    threshold: 0.5,
  };
  const out = (o: Partial<ChatOutput>): ChatOutput => ({
    question_id: null,
    question: "q",
    intent: "balance",
    confidence: 0.9,
    answer: "fine",
    decision: "answered",
    ...o,
  });

  it("names each broken rule in a sentence", () => {
    expect(ruleBreak(ref, out({ answer: 'You asked: "my PIN". ok' }))).toMatch(/prohibited 'pin'/);
    expect(ruleBreak(ref, out({ confidence: 0.4 }))).toMatch(/should be out of scope/);
    expect(ruleBreak(ref, out({ intent: "apr" }))).toMatch(/no FAQ entry/);
    expect(ruleBreak(ref, out({ decision: "out-of-scope", confidence: 0.5 }))).toMatch(/should be answered/);
    expect(ruleBreak(ref, out({ decision: "faq", question_id: 1, confidence: null }))).toMatch(
      /is 'freeze_account'/,
    );
    expect(ruleBreak(ref, out({ decision: "faq", question_id: 7, confidence: null }))).toMatch(
      /does not have/,
    );
    expect(ruleBreak(ref, out({ decision: "unknown-question", question_id: 12 }))).toMatch(/called unknown/);
    expect(ruleBreak(ref, out({ decision: "unavailable" }))).toMatch(/'unavailable' with intent/);
  });

  it("passes answers that keep the rules", () => {
    expect(ruleBreak(ref, out({}))).toBeNull();
    expect(ruleBreak(ref, out({ decision: "out-of-scope", confidence: 0.49 }))).toBeNull();
    expect(ruleBreak(ref, out({ decision: "out-of-scope", intent: "oos", confidence: 0.99 }))).toBeNull();
    expect(ruleBreak(ref, out({ decision: "faq", question_id: 12, confidence: null }))).toBeNull();
    expect(ruleBreak(ref, out({ decision: "withheld", confidence: 0.1 }))).toBeNull();
    expect(ruleBreak(ref, out({ decision: "unavailable", intent: null, confidence: null }))).toBeNull();
  });
});

describe("chatbot regression and improvement", () => {
  it("the regression lets a user's prohibited word through, and the audit names it", async () => {
    const store = await migrated();
    const ref = await refOf(store);
    const text = "change the pin on my savings account to 1234";
    const out = await skipsProhibitedCheck.decide(store, ask(text), predicted("pin_change", 0.9), null);
    expect(out.decision).toBe("answered");
    expect(out.answer).toContain(text);
    expect(ruleBreak(ref, out)).toMatch(/prohibited 'pin'/);
    // Everything else is the logic's answer: the same rows, the same decisions.
    const clean = ask("how do i pay my water bill");
    expect(await skipsProhibitedCheck.decide(store, clean, predicted("pay_bill", 0.9), null)).toEqual(
      await logic.decide(store, clean, predicted("pay_bill", 0.9), null),
    );
    expect(await skipsProhibitedCheck.reference(store)).toEqual(ref);
    await store.close();
  });

  it("the improvement ends free-text answers with the closest predefined questions by score", async () => {
    const store = await migrated();
    const ref = await refOf(store);
    // predicted() spreads the rest over the other intents in FAQ order: freeze_account, routing, pin_change, ...
    const answered = await suggestsQuestions.decide(
      store,
      ask("how do i pay my bill"),
      predicted("pay_bill", 0.9),
      null,
    );
    expect(answered.decision).toBe("answered");
    // pin_change's question is clean too, so it is suggested: the filter only drops questions on the list.
    expect(answered.answer).toMatch(
      /^You asked: "how do i pay my bill"\. .+ See also: "How do I freeze my account\?"; "Where do I find my routing number\?"; "How do I change my card's secret code\?"\.$/,
    );
    expect(suggestsQuestionsIsLive(answered)).toBe(true);
    expect(ruleBreak(ref, answered)).toBeNull();
    const oos = await suggestsQuestions.decide(store, ask("play some jazz"), predicted("balance", 0.3), null);
    expect(oos.decision).toBe("out-of-scope");
    expect(oos.answer).toMatch(/See also: "What is my account balance\?"; "How do I freeze my account\?"; /);
    expect(suggestsQuestionsIsLive(oos)).toBe(true);
    expect(ruleBreak(ref, oos)).toBeNull();
    // The base logic's answers do not show it.
    const base = await logic.decide(store, ask("how do i pay my bill"), predicted("pay_bill", 0.9), null);
    expect(suggestsQuestionsIsLive(base)).toBe(false);
    await store.close();
  });

  it("the improvement never suggests a question that would break the rule, and still withholds", async () => {
    const store = await migrated();
    await store.run("update faq set question = 'How do I change my PIN?' where intent = 'pin_change'");
    const out = await suggestsQuestions.decide(
      store,
      ask("how do i pay my bill"),
      predicted("pay_bill", 0.9),
      null,
    );
    expect(out.decision).toBe("answered");
    expect(out.answer).not.toMatch(/PIN/);
    expect(out.answer).toMatch(/See also: .+; .+; .+\.$/);
    const pin = await suggestsQuestions.decide(
      store,
      ask("make my pin 1234"),
      predicted("pin_change", 0.9),
      null,
    );
    expect(pin.decision).toBe("withheld");
    // The edited question holds the word now, so it is not suggested; the next three are.
    expect(pin.answer).toBe(
      `${canned.withheld} See also: "How do I freeze my account?"; "Where do I find my routing number?"; "When is my bill due?".`,
    );
    expect(ruleBreak(await refOf(store), pin)).toBeNull();
    await store.close();
  });

  it("the improvement points a withheld question to the predefined question that answers it", async () => {
    const store = await migrated();
    const out = await suggestsQuestions.decide(
      store,
      ask("make my pin 1234"),
      predicted("pin_change", 0.9),
      null,
    );
    expect(out.decision).toBe("withheld");
    expect(out.answer).toMatch(/^For your security .+ See also: "How do I change my card's secret code\?"; /);
    expect(out.answer).not.toContain("1234");
    expect(suggestsQuestionsIsLive(out)).toBe(true);
    expect(ruleBreak(await refOf(store), out)).toBeNull();
    await store.close();
  });

  it("the improvement withholds a whole answer that a suggestion would make break the rule", async () => {
    const store = await migrated();
    // A phrase that only the join of answer and suggestions spells: the final check catches it.
    await store.run("insert into prohibited_words values ('days. See also')");
    const out = await suggestsQuestions.decide(
      store,
      ask("how do i pay my bill"),
      predicted("pay_bill", 0.9),
      null,
    );
    expect(out).toMatchObject({ decision: "withheld", answer: canned.withheld });
    await store.close();
  });

  it("the improvement leaves predefined answers as they are", async () => {
    const store = await migrated();
    expect(await suggestsQuestions.decide(store, { question_id: 5 }, null, null)).toEqual(
      await logic.decide(store, { question_id: 5 }, null, null),
    );
    await store.close();
  });
});
