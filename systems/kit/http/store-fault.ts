import type { Router } from "express";
import { z } from "zod";
import type { FaultyStore } from "../store/faulty.ts";
import { HttpError } from "./errors.ts";

const faultBody = z.strictObject({
  delayMs: z.number().min(0).max(60_000),
  failRate: z.number().min(0).max(1),
});

/** The harness's chaos hook for infra.db: PUT sets the store fault, DELETE clears it. Admin only. */
export function mountStoreFault(admin: Router, store: FaultyStore): void {
  admin.put("/faults/store", (req, res) => {
    const body = faultBody.safeParse(req.body);
    if (!body.success) {
      const i = body.error.issues[0];
      throw new HttpError(422, "validation", `field '${i.path.join(".") || "(body)"}' ${i.message}`);
    }
    store.setFault(body.data);
    res.json({ fault: store.fault() });
  });
  admin.delete("/faults/store", (_req, res) => {
    store.setFault(null);
    res.json({ fault: null });
  });
}
