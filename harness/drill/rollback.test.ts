import { describe, expect, it } from "vitest";
import type { AliasMove } from "../../systems/kit/registry/index.ts";
import { rollbackView } from "./rollback.ts";

const move = (id: number, from: number | null, to: number, who = "release pipeline"): AliasMove => ({
  id,
  unit: "app",
  alias: "production",
  from,
  to,
  who,
  at: `t${id}`,
  reason: null,
});

const outThere = [move(1, null, 1, "deploy"), move(2, 1, 2)];

describe("the rollback button's words", () => {
  it("say in the pattern's terms which release a rollback would bring back", () => {
    expect(rollbackView("app", "redeploy", outThere, null)).toMatchObject({
      production: 2,
      target: 1,
      done: null,
      needs_confirm: false,
      label: "Roll back: redeploy app release 1 in place of release 2",
      done_label: null,
    });
    expect(rollbackView("bundle", "alias", outThere, null).label).toBe(
      "Roll back: move bundle's production alias from release 2 to release 1",
    );
    expect(rollbackView("app", "redeploy", [move(1, null, 1, "deploy")], null)).toMatchObject({
      target: null,
      needs_confirm: false,
      label: "Roll back app (no earlier release)",
    });
  });

  it("offer to end a running canary, not to move production, while a release is on canary", () => {
    const first = [move(1, null, 1, "deploy")];
    expect(rollbackView("bundle", "alias", first, null, 2)).toMatchObject({
      production: 1,
      target: 1,
      needs_confirm: false,
      label: "Roll back: end the canary of bundle release 2, every user back on release 1",
    });
  });

  it("mark the participant's rollback as done and say that rolling back again undoes it", () => {
    const moves = [...outThere, move(3, 2, 1, "operator:human")];
    const view = rollbackView("app", "redeploy", moves, { moveId: 3, from: 2, to: 1, atS: 53.4 });
    expect(view).toMatchObject({
      production: 1,
      target: 2,
      done: { from: 2, to: 1, at_s: 53.4 },
      needs_confirm: true,
      label: "Roll back again: redeploy app release 2 in place of release 1 (undoes your rollback)",
      done_label: "Rolled back to release 1 at 0:53",
    });
  });

  it("forget the participant's rollback once production has moved again", () => {
    const moves = [...outThere, move(3, 2, 1, "operator:human"), move(4, 1, 3)];
    const view = rollbackView("app", "redeploy", moves, { moveId: 3, from: 2, to: 1, atS: 53 });
    expect(view).toMatchObject({
      production: 3,
      target: 1,
      done: null,
      needs_confirm: false,
      done_label: null,
    });
    expect(view.label).toBe("Roll back: redeploy app release 1 in place of release 3");
  });
});
