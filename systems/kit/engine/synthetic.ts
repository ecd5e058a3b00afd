import { rng } from "../random.ts";

/**
 * Seeded Gaussian blobs for tests and smoke checks: `classes` well-separated clusters in 2-D,
 * labels one-hot. Centres sit on a circle of radius 3, spread is `sd`.
 */
export function blobs(
  perClass: number,
  seed: number,
  classes = 3,
  sd = 0.5,
): { x: number[][]; y: number[][]; labels: number[] } {
  const random = rng(`${seed}:blobs`);
  const normal = () => {
    // Box-Muller; 1 - u keeps log away from 0.
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const x: number[][] = [];
  const y: number[][] = [];
  const labels: number[] = [];
  for (let c = 0; c < classes; c++) {
    const angle = (2 * Math.PI * c) / classes;
    for (let i = 0; i < perClass; i++) {
      x.push([3 * Math.cos(angle) + sd * normal(), 3 * Math.sin(angle) + sd * normal()]);
      y.push(Array.from({ length: classes }, (_, k) => (k === c ? 1 : 0)));
      labels.push(c);
    }
  }
  return { x, y, labels };
}

/** Index of the largest value in each row. */
export function argmax(rows: number[][]): number[] {
  return rows.map((row) => row.reduce((best, v, i) => (v > row[best] ? i : best), 0));
}
