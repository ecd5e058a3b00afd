import { type Rng, rng } from "../random.ts";
import { aroundCalls, type Store, StoreError } from "./store.ts";

export interface StoreFault {
  /** Added to every call. */
  delayMs: number;
  /** Share of calls refused with an error. */
  failRate: number;
}

export type FaultyStore = Store & { setFault(fault: StoreFault | null): void; fault(): StoreFault | null };

/**
 * A fault hook in the store, for the harness's infra.db fault: the database slows down or
 * refuses. Off unless the harness turns it on through the unit's admin route.
 */
export function faultyStore(inner: Store, seed = 1): FaultyStore {
  let current: StoreFault | null = null;
  const random: Rng = rng(`${seed}:store-fault`);
  const gate = async () => {
    const f = current;
    if (!f) return;
    if (f.delayMs > 0) await new Promise((r) => setTimeout(r, f.delayMs));
    if (f.failRate > 0 && random() < f.failRate)
      throw new StoreError("database refused the call (injected infra.db fault)");
  };
  return {
    // No fault set (nearly always): the call goes straight through, no extra turn.
    ...aroundCalls(inner, (call) => (current ? gate().then(call) : call())),
    setFault(f) {
      current = f;
    },
    fault: () => current,
  };
}
