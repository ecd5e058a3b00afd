/**
 * The human operator: a person at the console, in place of the runbook. It exposes exactly the
 * operator surface (as views the console serves), turns the participant's diagnosis and rollback
 * into the same journal records the runbook writes, logs every console action on the trial's
 * clock, and ends the drill when the participant's rollback brought the scenario tests back after
 * the fault went in or the RQ2 drill asked for it (or they end it, or time runs out). The drill,
 * its clock and its time limit start with the traffic: until then nothing is live.
 */

import type { ConsoleAction, JournalRecord } from "../../systems/kit/protocol/index.ts";
import type { ReplayAnswer } from "../deploy/deploy.ts";
import { takeBack } from "../operators/take-back.ts";
import { faultBegins } from "../score/incident-clock.ts";
import type { Journal } from "../trial/journal.ts";
import type { OperatorContext, Rq2Ask, TrialOperator } from "../trial/run.ts";
import { type DrillPhase, type HumanOptions, MESSAGES, secs } from "./human-options.ts";
import {
  type Detail,
  type DiagnosisInput,
  diagnosisDetail,
  InputError,
  type QuestionnaireInput,
  REJECTED_BODY_CHARS,
  type ReplayInput,
} from "./inputs.ts";
import { hideFaultPosition } from "./position.ts";
import { parseMetrics } from "./prom.ts";
import { releasesView } from "./redact.ts";
import { clock, type DoneRollback, type RollbackView, rollbackView } from "./rollback.ts";
import { trafficStart } from "./traffic.ts";
import { alertView, deferred, rankedOf, replayTable } from "./views.ts";

export class HumanOperator implements TrialOperator {
  readonly kind = "human";
  phase: DrillPhase = "preparing";
  message: string = MESSAGES.preparing;
  private ctx: OperatorContext | null = null;
  /** The traffic's start on the trial clock: the drill's zero; null until then. */
  private startedMs: number | null = null;
  private replays = 0;
  private rejections = 0;
  /** Actions before the trial handed over its journal (the console opens while the system deploys). */
  private readonly early: { action: ConsoleAction; detail: Detail; error?: string }[] = [];
  private readonly rolledBack = new Map<string, DoneRollback>();
  private lastDiagnosis: DiagnosisInput | null = null;
  /** The RQ2 drill: null in a fault drill; once the business asked, what it asked for. */
  private rq2Drill: { asked: Rq2Ask | null } | null = null;
  private readonly ended = deferred();
  private readonly answered = deferred();
  private readonly closing = new AbortController();
  readonly timeLimitMs: number;

  constructor(private readonly o: HumanOptions) {
    this.timeLimitMs = o.timeLimitMs ?? 20 * 60_000;
  }

  scenario = hideFaultPosition;

  // A person takes minutes: the traffic flows until the drill ends (the time limit bounds it).
  tailLimit = () => Number.MAX_SAFE_INTEGER;

  /** Inputs the console refused (format check or not allowed now); each is in the action log. */
  get rejectedInputs(): number {
    return this.rejections;
  }

  async run(ctx: OperatorContext): Promise<void> {
    this.ctx = ctx;
    for (const e of this.early.splice(0)) this.log(e.action, { ...e.detail, before_start: true }, e.error);
    ctx.hooks.onActive(true);
    // Deploying and training a bad release can take a minute: none of it is the participant's time.
    const startMs = await trafficStart(ctx.journal, AbortSignal.any([ctx.signal, this.closing.signal]));
    if (startMs === null) {
      ctx.hooks.onActive(false);
      ctx.endTraffic();
      if (this.phase === "preparing") this.close("The drill could not start: the system never took traffic.");
      return;
    }
    this.startedMs = startMs;
    ctx.journal.append({
      type: "drill",
      at_ms: startMs,
      participant: this.o.participant ?? null,
      team: this.o.team ?? null,
      time_limit_ms: this.timeLimitMs,
    });
    this.phase = "running";
    this.message = this.rq2Drill ? (this.rq2Drill.asked?.instruction ?? MESSAGES.rq2Live) : MESSAGES.live;
    const timer = setTimeout(
      () => this.end("time limit"),
      Math.max(0, startMs + this.timeLimitMs - this.now()),
    );
    const stopped = () => this.end("the traffic stopped");
    ctx.signal.addEventListener("abort", stopped, { once: true });
    if (ctx.signal.aborted) stopped();
    await this.ended.promise;
    clearTimeout(timer);
    ctx.signal.removeEventListener("abort", stopped);
  }

  /**
   * The Section 5 drill: live with the traffic as a fault drill is; when the business asks, the
   * participant rolls the engine back, and the drill ends once the probe passes on v1.
   */
  async rq2(ctx: OperatorContext, asked: Promise<Rq2Ask>): Promise<void> {
    const drill: { asked: Rq2Ask | null } = { asked: null };
    this.rq2Drill = drill;
    void asked.then((a) => {
      drill.asked = a;
      if (this.phase === "running") this.message = a.instruction;
    });
    await this.run(ctx);
  }

  async finish(_journal: Journal): Promise<void> {
    if (this.phase !== "ended") return;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((r) => {
      timer = setTimeout(r, this.o.questionnaireTimeoutMs ?? 10 * 60_000);
    });
    await Promise.race([this.answered.promise, limit]);
    clearTimeout(timer);
    if (this.phase === "ended") this.close("The questionnaire was not answered in time. Thank you.");
  }

  /** The drill is over for the console (it failed to start, or the trial is done). */
  close(message: string): void {
    if (this.phase === "answered") return;
    this.phase = "closed";
    this.message = message;
    this.closing.abort();
    this.ended.resolve();
    this.answered.resolve();
  }

  /** Stops the drill from outside (the facilitator pressed Ctrl-C): no questionnaire wait either. */
  stop(): void {
    this.end("stopped by the facilitator");
    this.close("The facilitator stopped the drill. Thank you.");
  }

  private end(
    reason:
      | "recovered"
      | "ended by the participant"
      | "time limit"
      | "the traffic stopped"
      | "stopped by the facilitator",
  ): void {
    if (!this.ctx || !["running", "rolling-back"].includes(this.phase)) return;
    this.phase = "ended";
    this.message =
      reason === "recovered"
        ? "The rollback is done and the system passes its checks again. The drill is over: please answer three questions."
        : `The drill is over (${reason}). Please answer three questions.`;
    this.ctx.hooks.onActive(false);
    this.ctx.endTraffic();
    this.ended.resolve();
  }

  private now(): number {
    return this.ctx?.surface.now() ?? 0;
  }

  /** Journals an action on the trial's clock; a rejected input gets its running number. */
  private log(action: ConsoleAction, detail: Detail, error?: string, rejected = false): void {
    const numbered = rejected ? { ...detail, rejection: ++this.rejections } : detail;
    if (!this.ctx) {
      this.early.push({ action, detail: numbered, error });
      return;
    }
    const record: JournalRecord = {
      type: "action",
      at_ms: this.now(),
      action,
      detail: numbered,
      ok: error === undefined,
      ...(error === undefined ? {} : { error: error.slice(0, 500) }),
    };
    this.ctx.journal.append(record);
  }

  /** A body the console refused before it reached an action: kept as sent (capped) and counted. */
  reject(action: ConsoleAction, body: string, bytes: number, error: string): void {
    this.log(action, { body: body.slice(0, REJECTED_BODY_CHARS), body_bytes: bytes }, error, true);
  }

  private live(): OperatorContext {
    if (!this.ctx || this.startedMs === null)
      throw new InputError("the system is still being prepared: the drill starts with the traffic");
    return this.ctx;
  }

  /** Seconds on the drill's clock (from the traffic's start). */
  private drillSecs(ms: number): number {
    return secs(ms - (this.startedMs ?? ms));
  }

  /** The drill's time so far; 0 until the traffic starts, and the clock with it. */
  private elapsedMs(): number {
    return this.startedMs === null ? 0 : this.now() - this.startedMs;
  }

  private unit(name: string): string {
    const { surface } = this.live();
    if (!surface.units.includes(name))
      throw new InputError(`field 'unit' must be one of ${surface.units.join(", ")} (got '${name}')`);
    return name;
  }

  /** Runs an action, logging it with its outcome; a failure is logged and re-thrown to the console. */
  private async act<T>(action: ConsoleAction, detail: Detail, fn: () => Promise<T> | T): Promise<T> {
    try {
      const out = await fn();
      this.log(action, detail);
      return out;
    } catch (err) {
      this.log(action, detail, String((err as Error)?.message ?? err), err instanceof InputError);
      throw err;
    }
  }

  open(): void {
    this.log("open", this.ctx && this.startedMs === null ? { preparing: true } : {});
  }

  private async rollbackOf(unit: string): Promise<RollbackView> {
    const { surface } = this.live();
    const kind = this.o.rollbackKinds[unit] ?? "redeploy";
    const { moves } = await surface.releases(unit);
    return rollbackView(unit, kind, moves, this.rolledBack.get(unit) ?? null, await surface.liveCanary(unit));
  }

  async state() {
    const c = this.ctx;
    const units = c?.surface.units ?? [];
    const started = this.startedMs !== null;
    return {
      system: this.o.system,
      phase: this.phase,
      message: this.message,
      participant: this.o.participant ?? null,
      team: this.o.team ?? null,
      // Until the traffic starts the clock has not: the whole time limit is still ahead.
      elapsed_s: started ? secs(this.elapsedMs()) : null,
      time_left_s: secs(Math.max(0, this.timeLimitMs - this.elapsedMs())),
      units,
      model_unit: c?.surface.modelUnit ?? null,
      logic_unit: c?.surface.logicUnit ?? null,
      rollback: started ? await Promise.all(units.map((u) => this.rollbackOf(u))) : [],
      diagnosis: this.lastDiagnosis,
      replays: this.replays,
    };
  }

  alerts() {
    const c = this.ctx;
    if (!c || this.startedMs === null) return [];
    return c.surface.alerts().map(({ alert, atMs }) => alertView(alert, this.drillSecs(atMs)));
  }

  async metrics(unit: string) {
    const { surface } = this.live();
    const text = await surface.metrics(this.unit(unit));
    return { unit, at_s: this.drillSecs(this.now()), samples: parseMetrics(text) };
  }

  viewMetrics(unit: string): Promise<void> {
    return this.act("metrics", { unit }, () => {
      this.unit(unit);
    });
  }

  logs(unit: string, lines: number) {
    const n = Math.max(1, Math.min(500, Math.floor(lines) || 100));
    return this.act("logs", { unit, lines: n }, () => ({
      unit,
      lines: this.live().surface.logs(this.unit(unit), n),
    }));
  }

  releases(unit: string) {
    return this.act("releases", { unit }, async () => {
      return releasesView(unit, await this.live().surface.releases(this.unit(unit)));
    });
  }

  replay(input: ReplayInput) {
    const detail = { unit: input.unit, releases: input.releases.join(","), requests: input.requests };
    return this.act("replay", detail, async () => {
      const { surface } = this.live();
      const unit = this.unit(input.unit);
      const payloads = surface.recent(input.requests);
      if (!payloads.length) throw new InputError("no requests have come in yet to replay");
      const answers: ReplayAnswer[][] = [];
      for (const release of input.releases) {
        answers.push(await surface.replay(unit, release, payloads));
        this.replays++;
      }
      return { unit, releases: input.releases, ...replayTable(payloads, answers) };
    });
  }

  diagnose(input: DiagnosisInput) {
    return this.act("diagnosis", diagnosisDetail(input, this.lastDiagnosis !== null), () => {
      const c = this.live();
      if (this.phase !== "running" && this.phase !== "rolling-back")
        throw new InputError("the drill is over: the diagnosis can no longer change");
      c.hooks.onDiagnosis({
        atMs: this.now(),
        ranked: rankedOf(input),
        replays: this.replays,
        onsetRequest: input.onset,
        ...(input.severity ? { severity: input.severity } : {}),
      });
      this.lastDiagnosis = input;
      return { accepted: true };
    });
  }

  /**
   * Starts the pattern's rollback of a unit; the console follows it through state(). Undoing the
   * participant's own rollback (the pattern goes back to the release before the last move) needs
   * `confirm`.
   */
  rollback(unit: string, confirm = false) {
    return this.act("rollback", { unit, confirm }, async () => {
      const c = this.live();
      this.unit(unit);
      if (this.phase !== "running")
        throw new InputError(`a rollback cannot start now (the drill is ${this.phase})`);
      if (this.rq2Drill && !this.rq2Drill.asked) throw new InputError(MESSAGES.rq2Early);
      const view = await this.rollbackOf(unit);
      const to = view.target;
      if (to === null)
        throw new InputError(`unit '${unit}' has no earlier production release to roll back to`);
      if (view.done && !confirm)
        throw new InputError(
          `${unit} was rolled back to release ${view.done.to} at ${clock(view.done.at_s)}; rolling back again ` +
            `would return it to release ${to}, undoing that: confirm to do it`,
        );
      this.phase = "rolling-back";
      this.message = `Rolling ${unit} back to release ${to}…`;
      void this.doRollback(c, unit);
      return { started: true, to };
    });
  }

  private async doRollback(c: OperatorContext, unit: string): Promise<void> {
    const decisionMs = this.now();
    const outcome = await takeBack(c.surface, unit, { who: "operator:human", reason: "drill console" });
    if (outcome.move) {
      const atS = this.drillSecs(this.now());
      this.rolledBack.set(unit, { moveId: outcome.move.id, from: outcome.from, to: outcome.to, atS });
    }
    this.message = outcome.ok
      ? `Rolled ${unit} back to release ${outcome.to}; checking the system…`
      : `The rollback of ${unit} failed: ${outcome.error}`;
    const { from, to, ok, error } = outcome;
    const { verifiedMs } = await c.hooks.onRollback({
      unit,
      from,
      to,
      ok,
      error,
      decisionMs,
      doneMs: this.now(),
    });
    // Recovered counts once there was something to recover from: a fault, or the business's call.
    const began = faultBegins(c.journal.records()) !== null || Boolean(this.rq2Drill?.asked);
    if (outcome.ok && verifiedMs !== null && began) return this.end("recovered");
    if (this.phase !== "rolling-back") return;
    this.phase = "running";
    if (outcome.ok)
      this.message =
        verifiedMs === null
          ? `Rolled ${unit} back to release ${outcome.to}, but the system's checks do not pass yet. The drill goes on.`
          : `Rolled ${unit} back to release ${outcome.to}. The drill goes on.`;
  }

  endDrill() {
    return this.act("end", {}, () => {
      this.live();
      this.end("ended by the participant");
      return { ended: true };
    });
  }

  answer(q: QuestionnaireInput) {
    return this.act("questionnaire", {}, () => {
      const c = this.live();
      if (this.phase !== "ended") throw new InputError("the questionnaire opens when the drill is over");
      c.journal.append({ type: "questionnaire", at_ms: this.now(), ...q });
      this.phase = "answered";
      this.message = "Thank you. Your answers are saved; you may close this page.";
      this.answered.resolve();
      return { saved: true };
    });
  }
}
