import { describe, expect, it } from "vitest";
import { judgeCanary } from "./judge.ts";

describe("judgeCanary", () => {
  it("waits until both releases have enough feedback", () => {
    expect(judgeCanary({ n: 100, accuracy: 0.8 }, { n: 39, accuracy: 0.1 })).toBe("wait");
    expect(judgeCanary({ n: 10, accuracy: 0.8 }, { n: 100, accuracy: 0.9 })).toBe("wait");
  });

  it("aborts a canary worse than production beyond two standard errors", () => {
    // se = sqrt(.8*.2/100 + .5*.5/50) = 0.0825; the difference -0.3 is 3.6 of them.
    expect(judgeCanary({ n: 100, accuracy: 0.8 }, { n: 50, accuracy: 0.5 })).toBe("abort");
  });

  it("promotes a canary at least as good as production", () => {
    expect(judgeCanary({ n: 100, accuracy: 0.76 }, { n: 60, accuracy: 0.8 })).toBe("promote");
    expect(judgeCanary({ n: 50, accuracy: 1 }, { n: 50, accuracy: 1 })).toBe("promote");
  });

  it("waits on a small dip within chance", () => {
    expect(judgeCanary({ n: 100, accuracy: 0.8 }, { n: 60, accuracy: 0.78 })).toBe("wait");
  });
});
