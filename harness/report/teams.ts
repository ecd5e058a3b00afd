/** Who drilled what: each team's drills of each task per pattern, the basis of pairing human drills. */
import type { Patterns } from "./comparisons.ts";
import type { TeamRow, Teams, TrialRow } from "./types.ts";

/** A human drill's team; null when its journal names none (an empty name is none). */
export const teamOf = (t: TrialRow): string | null => t.drill?.team || null;

export function teamsOf(trials: TrialRow[], p: Patterns): Teams {
  const rows = new Map<string, TeamRow>();
  const unteamed: string[] = [];
  for (const t of [...trials].sort((a, b) => a.id.localeCompare(b.id))) {
    const team = teamOf(t);
    if (team === null) {
      unteamed.push(t.id);
      continue;
    }
    const key = JSON.stringify([team, t.task]);
    const row = rows.get(key) ?? { team, task: t.task, drills: {}, paired: false };
    row.drills[t.arm] = [...(row.drills[t.arm] ?? []), t.id];
    rows.set(key, row);
  }
  const sorted = [...rows.values()].sort(
    (a, b) => a.team.localeCompare(b.team) || a.task.localeCompare(b.task),
  );
  for (const r of sorted) r.paired = Boolean(r.drills[p.baseline]?.length && r.drills[p.candidate]?.length);
  return { teams: new Set(sorted.map((r) => r.team)).size, rows: sorted, unteamed };
}
