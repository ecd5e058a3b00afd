import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { browserMissing } from "../testing/browser.ts";
import { renderSvg } from "./charts.ts";
import { reportCommand } from "./commands.ts";
import { crossover, removeTmpRunDirs, type TrialSpec, tmpRunDir, writeRunDir } from "./fixture.ts";
import { mdText } from "./markdown.ts";
import { inReport } from "./open-report.ts";
import { questionnaireSpec } from "./questionnaire-chart.ts";
import type { Answers, ReportModel } from "./types.ts";
import { writeReport } from "./write.ts";

afterAll(removeTmpRunDirs);
afterEach(() => {
  vi.restoreAllMocks();
});

const SCRIPT = '<script>alert("x")</script> & **bold** [link](javascript:x) | pipe\nsecond line';
const answers = (i: number, comment = ""): Answers => ({
  helped_identify: i,
  helped_rollback: 6 - i,
  would_adopt: 3,
  comment,
});

const auto: TrialSpec[] = ["three-layer", "proposed"].flatMap((pattern) =>
  [1, 2, 3].map((seed) => ({ task: "classification", pattern, fault: "schema.rename", seed })),
);
const people = crossover(
  ["team-1", "team-2", "team-3"],
  ["classification", "regression"],
  ["schema.rename", "trend.covariate"],
  (k, task, pattern) => ({
    ttl_ms: (pattern === "proposed" ? 40_000 : 80_000) + 1000 * k,
    answers:
      k === 0 && task === "classification" && pattern === "proposed"
        ? answers(5, SCRIPT)
        : answers(pattern === "proposed" ? 4 : 2, k === 1 ? "fine" : ""),
  }),
);

describe("the report of a run with human drills", () => {
  const dir = writeRunDir(tmpRunDir(), { trials: [...auto, ...people] });
  let model: ReportModel;
  const read = (name: string) => fs.readFileSync(path.join(dir, name), "utf8");
  beforeAll(async () => {
    ({ model } = await writeReport(dir, { resamples: 200 }));
  });

  it("puts the questionnaire's counts and medians in report.json", () => {
    const json = JSON.parse(read("report.json")) as ReportModel;
    const q = json.analyses.find((a) => a.operator === "human")?.questionnaire;
    expect(q).toEqual(model.analyses[1].questionnaire);
    const proposed = q?.rows.find((r) => r.task === "all" && r.pattern === "proposed");
    expect(proposed?.questions.helped_identify).toEqual({ n: 6, counts: [0, 0, 0, 5, 1], median: 4 });
    expect(proposed?.questions.helped_rollback).toEqual({ n: 6, counts: [1, 5, 0, 0, 0], median: 2 });
    expect(q?.rows.map((r) => r.task)).toEqual([
      "all",
      "all",
      "classification",
      "classification",
      "regression",
      "regression",
    ]);
    expect(q?.comments.map((c) => c.comment)).toContain(SCRIPT);
  });

  it("escapes a participant's comment in report.html: no tag of theirs survives", () => {
    const html = read("report.html");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; **bold**");
    expect(html).toContain('id="questionnaire-human"');
    expect(html).toContain('id="teams-human"');
    expect(html).toContain("Human drills: Human drills pair by team");
    // Three strip charts per operator, and the questionnaire's stacked bars for the people.
    expect(html.match(/<svg[\s>]/g)?.length).toBe(7);
  });

  it("escapes a participant's comment in report.md as one inert line", () => {
    const md = read("report.md");
    expect(md).toContain("## Questionnaire (human operators)");
    expect(md).toContain(
      '- classification/proposed, team team-1 (classification.proposed.trend-covariate.s1.human.team-1): &lt;script&gt;alert("x")&lt;/script&gt; &amp; \\*\\*bold\\*\\* \\[link\\](javascript:x) \\| pipe second line',
    );
    expect(md).not.toMatch(/<script/i);
    expect(md).toMatch(
      /\| all tasks \| proposed \| 6 \/ 6 \| helped identify the failure \| 6 \| 0 \| 0 \| 0 \| 5 \| 1 \| 4 \|/,
    );
    expect(md).toMatch(
      /\| team-2 \| regression \| regression\.three-layer\.\S+ \| regression\.proposed\.\S+ \| yes \|/,
    );
  });

  it("keeps the comment as given in trials.csv, with each drill's team and answers", () => {
    const rows = parse(read("trials.csv"), { columns: true }) as Record<string, string>[];
    const drill = rows.find((r) => r.comment === SCRIPT);
    expect(drill).toMatchObject({
      operator: "human",
      team: "team-1",
      participant: "team-1-p1",
      helped_identify: "5",
    });
    expect(rows.find((r) => r.operator === "auto")).toMatchObject({
      team: "",
      helped_identify: "",
      comment: "",
    });
  });

  it("prints each pattern's questionnaire medians with the verdicts", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await reportCommand(dir);
    const out = log.mock.calls.map((c) => c.join(" ")).join("\n");
    expect(out).toContain("Questionnaire (human operators), medians on 1-5:");
    expect(out).toContain(
      "proposed (6 of 6 answered): helped identify the failure 4, helped roll back 2, would adopt it 3",
    );
  });

  it.skipIf(browserMissing)(
    "renders the human sections in Chromium without errors, the comment shown as the participant wrote it",
    async () => {
      const problems = await inReport(dir, async (page) => {
        expect(await page.locator("script").count()).toBe(0);
        expect(await page.locator("#comments-human q").allTextContents()).toContain(SCRIPT);
        expect(await page.locator("#questionnaire-human tbody tr").count()).toBe(18);
        expect(await page.locator("#teams-human tbody tr").count()).toBe(6);
        expect(await page.locator("#verdict-human-rq1 li").allTextContents()).toContainEqual(
          expect.stringContaining("3 teams drilled, 3 of them both patterns of a task"),
        );
      });
      expect(problems).toEqual([]);
    },
  );
});

describe("the questionnaire chart", () => {
  it("draws one column of stacked bars per question and a row per task, as SVG", async () => {
    const q = {
      scale: "1..5",
      questions: [{ key: "would_adopt" as const, text: "adopt?", short: "would adopt it" }],
      rows: ["all", "chatbot"].map((task) => ({
        task,
        pattern: "proposed",
        drills: 2,
        answered: 2,
        questions: {
          helped_identify: {
            n: 0,
            counts: [0, 0, 0, 0, 0] as [number, number, number, number, number],
            median: null,
          },
          helped_rollback: {
            n: 0,
            counts: [0, 0, 0, 0, 0] as [number, number, number, number, number],
            median: null,
          },
          would_adopt: {
            n: 2,
            counts: [0, 0, 1, 0, 1] as [number, number, number, number, number],
            median: 4,
          },
        },
      })),
      comments: [],
    };
    const spec = questionnaireSpec(q, ["three-layer", "proposed"], "human");
    const svg = await renderSvg(spec);
    expect(svg).toContain("would adopt it");
    expect(svg).toContain("chatbot");
    expect(svg).toContain("all tasks");
    expect(JSON.stringify(spec)).toContain('"row"');
  });
});

describe("mdText", () => {
  it("makes text inert in Markdown: entities for HTML, backslashes for emphasis, links and tables", () => {
    expect(mdText("<b>x</b> *y* `z` [a](b) |\n_w_ ~v~")).toBe(
      "&lt;b&gt;x&lt;/b&gt; \\*y\\* \\`z\\` \\[a\\](b) \\| \\_w\\_ \\~v\\~",
    );
  });
});
