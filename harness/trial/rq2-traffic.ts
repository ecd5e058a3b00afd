/**
 * The users of the RQ2 drill: the initial data in v1 until v2 goes out, the new data in the new
 * data's contract version while v2 serves, and the initial data again from the rollback decision
 * (the business goes back to the initial data: that is why the engine rolls back). The source is
 * chosen as each request goes out, so the switch happens at the drill's own moments, not at
 * positions guessed in advance.
 */
import { atVersion, DEFAULT_CONTRACT } from "../../systems/kit/contract-versions.ts";
import type { Row, TaskDefinition } from "../../systems/kit/task.ts";
import type { PlannedRequest } from "../traffic/timeline.ts";
import { buildTimeline } from "../traffic/timeline.ts";

export type Rq2Source = "initial" | "new";

export function rq2Traffic(x: {
  task: TaskDefinition;
  version: string;
  initial: Row[];
  fresh: Row[];
  requests: number;
  /** Most requests in all: the traffic cycles through the plan until the drill stops it or this many went out. */
  limit: number;
  rate: number;
  seed: number;
}) {
  const plan = (task: TaskDefinition, rows: Row[]) =>
    buildTimeline({ task, initial: rows, later: [], requests: x.requests, seed: x.seed }, [], x.rate);
  const initial = plan(x.task, x.initial);
  const fresh = plan(atVersion(x.task, x.version), x.fresh).requests.map(
    (p): PlannedRequest => (x.version === DEFAULT_CONTRACT ? p : { ...p, contract: x.version }),
  );
  let source: Rq2Source = "initial";
  const n = initial.requests.length;
  function* requests(): Generator<PlannedRequest> {
    for (let i = 0; i < x.limit && n > 0; i++)
      yield { ...initial.requests[i % n], i, atMs: (i * 1000) / x.rate };
  }
  return {
    requests: requests(),
    choose: (p: PlannedRequest) => (source === "new" ? fresh[p.i % fresh.length] : p),
    switchTo(s: Rq2Source) {
      source = s;
    },
  };
}
