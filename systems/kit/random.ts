import seedrandom from "seedrandom";

/** Every random choice takes a seed: this is the one source of seeded randomness. */
export type Rng = () => number;

export function rng(seed: number | string): Rng {
  return seedrandom(String(seed));
}

/** Fisher-Yates shuffle into a new array. */
export function shuffled<T>(items: readonly T[], random: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
