/**
 * Counterbalancing. Each cell (task, scenario, seed) is run once per arm, the arms next to
 * each other so all meet the same machine conditions. Which arm goes first rotates per task
 * and per cell (each arm leads equally often within a task, off by at most one), and the
 * tasks rotate from round to round so no task always opens a round.
 */
export interface Cell {
  task: string;
}

export function counterbalance<C extends Cell>(
  cells: C[],
  arms: string[],
  tasks: string[],
): { cell: C; arm: string }[] {
  // Rounds keep the caller's order (seed, then scenario); within a round tasks rotate.
  const rounds: C[][] = [];
  const perRound = new Set<string>();
  for (const c of cells) {
    if (!rounds.length || perRound.has(c.task)) {
      rounds.push([]);
      perRound.clear();
    }
    rounds[rounds.length - 1].push(c);
    perRound.add(c.task);
  }
  const seen = new Map<string, number>();
  const out: { cell: C; arm: string }[] = [];
  rounds.forEach((round, r) => {
    const rank = (c: C) => (tasks.indexOf(c.task) - r + tasks.length * rounds.length) % tasks.length;
    for (const cell of [...round].sort((a, b) => rank(a) - rank(b))) {
      const j = seen.get(cell.task) ?? 0;
      seen.set(cell.task, j + 1);
      // Offset by the task's index so tasks with an odd number of cells balance each other.
      const shift = (j + tasks.indexOf(cell.task)) % arms.length;
      for (let k = 0; k < arms.length; k++) out.push({ cell, arm: arms[(k + shift) % arms.length] });
    }
  });
  return out;
}
