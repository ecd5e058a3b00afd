import path from "node:path";
import { expect, it } from "vitest";
import { openStore } from "../../systems/kit/store/index.ts";
import { describeSystem, until } from "./system-suite.ts";

describeSystem("classification/three-layer", (get) => {
  it("keeps collected requests and feedback in its one database", async () => {
    const store = openStore(path.join(get().info.runDir, "db.sqlite"));
    try {
      const kinds = await until("collected requests and feedback", async () => {
        const rows = await store.all<{ kind: string; n: number }>(
          "select kind, count(*) as n from collected group by kind",
        );
        const m = Object.fromEntries(rows.map((r) => [r.kind, r.n]));
        return m.request > 0 && m.feedback > 0 ? m : undefined;
      });
      expect(kinds.request).toBeGreaterThan(100);
    } finally {
      await store.close();
    }
  });
});
