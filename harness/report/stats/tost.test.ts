import { describe, expect, it } from "vitest";
import { tostWilcoxon } from "./tost.ts";

/** Brute force over all 2^n sign sets of the given ranks: P(W+ >= w) and P(W+ <= w). */
function tails(ranks: readonly number[], w: number) {
  let atLeast = 0;
  let atMost = 0;
  for (let mask = 0; mask < 2 ** ranks.length; mask++) {
    let sum = 0;
    ranks.forEach((r, i) => {
      if (mask & (1 << i)) sum += r;
    });
    if (sum >= w) atLeast++;
    if (sum <= w) atMost++;
  }
  return { greater: atLeast / 2 ** ranks.length, less: atMost / 2 ** ranks.length };
}

describe("tostWilcoxon", () => {
  it("finds 12 differences within a tenth of the margin equivalent (each side 1 / 2^12)", () => {
    // Margin 1: every d + 1 is positive (W+ = 78, the top of 4096 sign sets) and every d - 1 negative.
    const d = [0.05, -0.08, 0.02, 0.09, -0.01, 0, 0.03, -0.06, 0.07, -0.04, 0.1, -0.09];
    const result = tostWilcoxon(d, 1);
    expect(result.n).toBe(12);
    expect(result.pLower).toBe(1 / 4096);
    expect(result.pUpper).toBe(1 / 4096);
    expect(result.p).toBe(1 / 4096);
    expect(result.method).toBe("exact");
    expect(result.equivalent).toBe(true);
    expect(result.minP).toBe(1 / 4096);
  });

  it("does not find differences centred at twice the margin equivalent (upper p = 1)", () => {
    const d = [2.05, 1.92, 2.02, 2.09, 1.99, 2, 2.03, 1.94, 2.07, 1.96, 2.1, 1.91];
    const result = tostWilcoxon(d, 1);
    expect(result.pLower).toBe(1 / 4096); // d + 1 all positive
    expect(result.pUpper).toBe(1); // d - 1 all positive too: P(W+ <= 78) = 1
    expect(result.p).toBe(1);
    expect(result.equivalent).toBe(false);
  });

  it("cannot find 3 pairs equivalent at 0.05: the smallest one-sided p is 1/8", () => {
    const result = tostWilcoxon([0, 0, 0], 5);
    expect(result.pLower).toBe(1 / 8);
    expect(result.pUpper).toBe(1 / 8);
    expect(result.p).toBe(0.125);
    expect(result.minP).toBe(0.125);
    expect(result.equivalent).toBe(false);
    expect(tostWilcoxon([0, 0, 0], 5, 0.2).equivalent).toBe(true);
  });

  it("matches brute force on mixed, tied shifted differences (hand-ranked)", () => {
    const d = [0.5, -0.5, 1.5, -1.5, 0.25, 3, -2.5, 0.75];
    // d + 1 = 1.5, 0.5, 2.5, -0.5, 1.25, 4, -1.5, 1.75; |.| ranks: 0.5 -> 1.5 (x2), 1.25 -> 3,
    // 1.5 -> 4.5 (x2), 1.75 -> 6, 2.5 -> 7, 4 -> 8. W+ = 4.5 + 1.5 + 7 + 3 + 8 + 6 = 30.
    const lower = tails([4.5, 1.5, 7, 1.5, 3, 8, 4.5, 6], 30).greater;
    // d - 1 = -0.5, -1.5, 0.5, -2.5, -0.75, 2, -3.5, -0.25; |.| ranks: 0.25 -> 1, 0.5 -> 2.5 (x2),
    // 0.75 -> 4, 1.5 -> 5, 2 -> 6, 2.5 -> 7, 3.5 -> 8. W+ = 2.5 + 6 = 8.5.
    const upper = tails([2.5, 5, 2.5, 7, 4, 6, 8, 1], 8.5).less;
    const result = tostWilcoxon(d, 1);
    expect(result.lower.w).toBe(30);
    expect(result.upper.w).toBe(8.5);
    expect(result.pLower).toBe(lower);
    expect(result.pUpper).toBe(upper);
    expect(result.p).toBe(Math.max(lower, upper));
  });

  it("drops null and NaN pairs, and a shifted difference of exactly 0 from its side", () => {
    // d = -1 with margin 1: d + 1 = 0 leaves the lower test; the upper test keeps -2.
    const result = tostWilcoxon([null, Number.NaN, -1, 0.5, 0.25], 1);
    expect(result.n).toBe(3);
    expect(result.lower.n).toBe(2);
    expect(result.upper.n).toBe(3);
    expect(result.minP).toBe(1 / 4); // the lower side has 2 non-zero: 1/4
  });

  it("says nothing with no pairs (p = 1)", () => {
    const result = tostWilcoxon([], 1);
    expect(result).toMatchObject({ n: 0, p: 1, minP: 1, equivalent: false });
  });

  it("keeps an infinite difference as the largest in its direction", () => {
    // Candidate never reached on one pair: d = +Infinity lies above +m, so the upper side fails.
    const d = [0.1, -0.1, 0.2, -0.2, 0.05, Infinity];
    const result = tostWilcoxon(d, 1);
    expect(result.pLower).toBe(1 / 64);
    // d - 1: five negatives ranked 1..5 by |.| and +Infinity ranked 6: W+ = 6, P(W+ <= 6) by hand:
    // sign sets with sum <= 6 of ranks 1..6: {}, 1, 2, 3, 4, 5, 6, 12, 13, 14, 15, 23, 24, 123 = 14.
    expect(result.upper.w).toBe(6);
    expect(result.pUpper).toBe(14 / 64);
    expect(result.equivalent).toBe(false);
  });

  it("refuses a margin that is not a positive number", () => {
    expect(() => tostWilcoxon([1], 0)).toThrow(RangeError);
    expect(() => tostWilcoxon([1], -1)).toThrow(RangeError);
    expect(() => tostWilcoxon([1], Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
