import { describe, expect, it } from "vitest";
import { rng, shuffled } from "../../systems/kit/random.ts";
import { initialSplit } from "../../systems/kit/split.ts";
import { tasks } from "../../systems/tasks/index.ts";
import { PROBE_SIZE, probeRequests } from "./verify.ts";

describe("the verification probe", () => {
  it.each(tasks.names)(
    "sends %s the same held-out requests every time, each one reaching the engine",
    (name) => {
      const task = tasks.get(name);
      const heldOut = initialSplit(task).heldOut;
      const probe = probeRequests(heldOut, task);
      expect(probe).toHaveLength(PROBE_SIZE);
      expect(probeRequests(heldOut, task)).toEqual(probe);
      for (const body of probe) expect(task.usesModel?.(body) ?? true).toBe(true);
    },
  );

  it("leaves out the chatbot's predefined questions, which the first 20 rows in its order would include", () => {
    const task = tasks.get("chatbot");
    const heldOut = initialSplit(task).heldOut;
    const naive = shuffled(heldOut, rng("verification-probe"))
      .slice(0, PROBE_SIZE)
      .map((row, k) => task.toRequest(row, k));
    // The mistake this guards against: one of those is answered by the logic alone, with no model release.
    expect(naive.filter((body) => !task.usesModel?.(body)).length).toBeGreaterThan(0);
    expect(probeRequests(heldOut, task).filter((body) => !task.usesModel?.(body))).toEqual([]);
  });
});
