/**
 * Progress while an experiment runs: on a terminal, a bar (done, failures, elapsed, time left)
 * over a compact table of the latest summaries, redrawn in place; elsewhere (CI, a log file) one
 * line per finished trial.
 */
import type { Summary } from "../../systems/kit/protocol/index.ts";

export interface Finished {
  id: string;
  summary: Summary | null;
  ms: number;
}

const clock = (ms: number) => {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h ? `${h}h${String(m).padStart(2, "0")}m` : `${m}m${sec}s`;
};
const num = (v: number | null | undefined) => (v === null || v === undefined ? "-" : String(Math.round(v)));

/** One summary as the live table's row. */
export function summaryRow(f: Finished): string {
  const s = f.summary;
  if (!s) return `${f.id.padEnd(44)} no summary (crashed; see its trial.log)`;
  const ok = s.rollback_ok === null ? "-" : s.rollback_ok ? "ok" : "FAIL";
  const steps = s.failed_steps.length ? `  failed: ${s.failed_steps.join(", ")}` : "";
  return `${f.id.padEnd(44)} ${num(s.ttd_ms).padStart(6)} ${num(s.ttl_ms).padStart(6)} ${String(s.ac1).padStart(4)} ${num(s.restore_ms).padStart(7)} ${num(s.verify_ms).padStart(6)} ${num(s.rollback_failed_requests).padStart(6)} ${ok.padStart(4)} ${clock(f.ms).padStart(6)}${steps}`;
}
const header = `${"trial".padEnd(44)} ${"ttd".padStart(6)} ${"ttl".padStart(6)} ${"AC@1".padStart(4)} ${"restore".padStart(7)} ${"verify".padStart(6)} ${"failed".padStart(6)} ${"rb".padStart(4)} ${"took".padStart(6)}`;

export class Progress {
  private readonly started = performance.now();
  private readonly durations: number[] = [];
  private readonly latest: Finished[] = [];
  private readonly running = new Set<string>();
  private crashed = 0;
  private withFailedSteps = 0;
  private drawn = 0;

  constructor(
    private readonly total: number,
    private done: number,
    private readonly workers: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly live = Boolean(process.stderr.isTTY),
  ) {}

  start(id: string): void {
    this.running.add(id);
    if (this.live) this.draw();
  }

  finish(f: Finished): void {
    this.running.delete(f.id);
    this.done++;
    this.durations.push(f.ms);
    if (!f.summary) this.crashed++;
    else if (f.summary.failed_steps.length) this.withFailedSteps++;
    this.latest.push(f);
    if (this.latest.length > 6) this.latest.shift();
    if (this.live) this.draw();
    else this.out.write(`[${this.done}/${this.total}] ${summaryRow(f)}  · ${this.timing()}\n`);
  }

  /** Elapsed, and time left from this run's mean trial time spread over the workers. */
  timing(): string {
    const elapsed = performance.now() - this.started;
    const left = this.total - this.done;
    if (!left) return `elapsed ${clock(elapsed)}`;
    if (!this.durations.length) return `elapsed ${clock(elapsed)} · time left: after the first trial`;
    const mean = this.durations.reduce((a, b) => a + b, 0) / this.durations.length;
    return `elapsed ${clock(elapsed)} · ~${clock((mean * left) / this.workers)} left`;
  }

  bar(width = 30): string {
    const filled = Math.round((this.done / Math.max(1, this.total)) * width);
    const failures = this.crashed + this.withFailedSteps;
    return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${this.done}/${this.total} trials · ${failures} failed (${this.crashed} crashed, ${this.withFailedSteps} with failed steps) · ${this.timing()}`;
  }

  private draw(): void {
    const lines = [
      this.bar(),
      `running: ${[...this.running].join(", ") || "-"}`,
      ...(this.latest.length ? [header, ...this.latest.map(summaryRow)] : []),
    ];
    // Move up over the last drawing and clear it, then draw again.
    if (this.drawn) this.out.write(`\x1b[${this.drawn}A\x1b[J`);
    this.out.write(`${lines.join("\n")}\n`);
    this.drawn = lines.length;
  }
}
