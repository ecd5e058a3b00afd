/**
 * System faults act on a running system only through the fault target: these tests record what
 * each one asks of a stub target. The catalog-wide checks are in conformance.test.ts.
 */
import { describe, expect, it } from "vitest";
import { rng } from "../../systems/kit/random.ts";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import { classification } from "../../systems/tasks/classification/task.ts";
import { regression } from "../../systems/tasks/regression/task.ts";
import { faults, faultTruth, getFault } from "./index.ts";
import type { FaultTarget, SystemFault } from "./types.ts";

const task = classification as unknown as TaskDefinition;
const systemFaults = faults.filter((f): f is SystemFault => f.kind === "system");

/**
 * A target that records every call. `changeSet` answers as the pattern would: proposed and gateway
 * release the model unit, then the logic; three-layer (its model unit is the app) one app release.
 */
function recorder(opts: { modelUnit?: string; task?: TaskDefinition } = {}) {
  const calls: [string, ...unknown[]][] = [];
  const modelUnit = opts.modelUnit ?? "bundle";
  const target: FaultTarget = {
    task: opts.task ?? task,
    modelUnit,
    async trainModelRelease(v) {
      calls.push(["trainModelRelease", v]);
      return 7;
    },
    async logicRelease(regression, note) {
      calls.push(["logicRelease", regression, note]);
      return { unit: "logic", release: 3 };
    },
    async deploy(unit, release, by) {
      calls.push(["deploy", unit, release, by]);
      return { ok: true };
    },
    async releaseModel(release, by) {
      calls.push(["releaseModel", release, by]);
    },
    async changeSet(change) {
      calls.push(["changeSet", change]);
      return modelUnit === "app"
        ? [{ unit: "app", release: 9 }]
        : [
            { unit: modelUnit, release: 7 },
            { unit: "logic", release: 3 },
          ];
    },
    async storeFault(f) {
      calls.push(["storeFault", f]);
    },
    async inferenceFault(f) {
      calls.push(["inferenceFault", f]);
    },
  };
  return { calls, target };
}

describe.each(systemFaults.map((f) => [f.type, f] as const))("system fault %s", (type, fault) => {
  it("acts only through the fault target, the same way for the same seed", async () => {
    const a = recorder();
    const b = recorder();
    await fault.inject(a.target, fault.params.parse({}), rng(5));
    await fault.inject(b.target, fault.params.parse({}), rng(5));
    expect(a.calls).toEqual(b.calls);
    const by = { who: "release pipeline", reason: `${type} fault` };
    if (type === "release.model") {
      expect(a.calls).toEqual([
        [
          "trainModelRelease",
          expect.objectContaining({
            labelNoise: 0.6,
            seed: expect.any(Number),
            note: expect.stringMatching(/^release\.model: /),
          }),
        ],
        ["releaseModel", 7, by],
      ]);
    } else if (type === "release.logic") {
      expect(a.calls).toEqual([
        ["logicRelease", "default", "release.logic fault"],
        ["deploy", "logic", 3, by],
      ]);
    } else if (type === "release.joint") {
      expect(a.calls.map((c) => c[0])).toEqual(["changeSet", "releaseModel", "deploy"]);
    } else if (type === "processing.skew") {
      const processing = { shift: 1, stretch: 1.5, drop: 0.5, seed: expect.any(Number) };
      expect(a.calls).toEqual([["inferenceFault", { processing }]]);
    } else if (type === "engine.invalid") {
      expect(a.calls).toEqual([
        ["inferenceFault", { engine: { mode: "nan", rate: 0.3, seed: expect.any(Number) } }],
      ]);
    } else {
      expect(a.calls).toEqual([["storeFault", { delayMs: 400, failRate: 0 }]]);
      const c = recorder();
      await fault.inject(c.target, fault.params.parse({ delayMs: 0, failRate: 0.5 }), rng(5));
      expect(c.calls).toEqual([["storeFault", { delayMs: 0, failRate: 0.5 }]]);
    }
  });
});

describe("release.joint", () => {
  const joint = getFault("release.joint") as SystemFault;
  const by = { who: "release pipeline", reason: "release.joint fault" };
  const inject = async (raw: unknown, opts: Parameters<typeof recorder>[0] = {}) => {
    const r = recorder(opts);
    await joint.inject(r.target, joint.params.parse(raw), rng(5));
    return r.calls;
  };

  it("releases a noisy model with the task's improvement, the model unit's way first, then the logic's", async () => {
    expect(await inject({})).toEqual([
      [
        "changeSet",
        {
          variant: {
            seed: expect.any(Number),
            labelNoise: 0.6,
            note: expect.stringMatching(/^release\.joint: label noise 0\.6, seed \d+$/),
          },
          logic: "explains-forecast",
        },
      ],
      ["releaseModel", 7, by],
      ["deploy", "logic", 3, by],
    ]);
  });

  it("releases a clean model on a new seed with the logic's regression when the logic is broken", async () => {
    // The regression is passed on as named (the pattern resolves it against the task); noise is ignored.
    const calls = await inject({ broken: "logic", regression: "other", labelNoise: 0.9 });
    expect(calls).toEqual([
      [
        "changeSet",
        {
          variant: { seed: expect.any(Number), note: expect.stringMatching(/^release\.joint: regression /) },
          logic: "other",
        },
      ],
      ["releaseModel", 7, by],
      ["deploy", "logic", 3, by],
    ]);
    // The same seed as a broken model's: only which part is broken differs between the two.
    expect((calls[0][1] as { variant: { seed: number } }).variant.seed).toBe(
      ((await inject({}))[0][1] as { variant: { seed: number } }).variant.seed,
    );
  });

  it.each(["model", "logic"])(
    "puts out one app release the model's way where the model unit is the app (broken %s)",
    async (broken) => {
      const calls = await inject({ broken }, { modelUnit: "app" });
      expect(calls.slice(1)).toEqual([["releaseModel", 9, by]]);
    },
  );

  it("ships the baseline logic with a broken model when the task has no improvement", async () => {
    const calls = await inject({}, { task: { ...task, improvement: undefined } });
    expect(calls[0]).toEqual(["changeSet", expect.objectContaining({ logic: "baseline" })]);
  });

  it("trains while preparing and puts nothing out until the returned function runs", async () => {
    const r = recorder();
    const go = await joint.prepare!(r.target, joint.params.parse({}), rng(5));
    expect(r.calls.map((c) => c[0])).toEqual(["changeSet"]);
    await go();
    expect(r.calls.map((c) => c[0])).toEqual(["changeSet", "releaseModel", "deploy"]);
  });

  it("makes the truth of the part its params break: ml at the model's output, or logic at the answer", () => {
    expect(faultTruth("release.joint", {})).toEqual({
      part: "ml",
      cause: "release",
      flow: "output",
      at: "model",
    });
    expect(faultTruth("release.joint", { broken: "logic" })).toEqual({
      part: "logic",
      cause: "release",
      flow: "answer",
      at: "logic",
    });
  });
});

describe("engine.invalid", () => {
  it("refuses mode label for a task whose answers carry no label", async () => {
    const target = {
      task: regression as unknown as TaskDefinition,
      inferenceFault: async () => undefined,
    } as unknown as FaultTarget;
    const f = getFault("engine.invalid") as SystemFault;
    await expect(f.inject(target, f.params.parse({ mode: "label" }), rng(1))).rejects.toThrow(/no label/);
    await expect(f.inject(target, f.params.parse({ mode: "range" }), rng(1))).resolves.toBeUndefined();
  });
});
