import type { Router } from "express";
import { inferenceFault, setInferenceFault } from "../faults/inference.ts";
import { inferenceFaultSchema } from "../protocol/index.ts";
import { bodyOf } from "./body.ts";

/**
 * The harness's chaos hook for processing.skew and engine.invalid: PUT changes the stages it names,
 * DELETE clears both. On every unit's admin router (only units that vectorize or infer feel it), so
 * every pattern's serving path has it without code of its own. Admin only.
 */
export function mountInferenceFault(admin: Router): void {
  admin.get("/faults/inference", (_req, res) => res.json(inferenceFault()));
  admin.put("/faults/inference", (req, res) => {
    res.json(setInferenceFault(bodyOf(inferenceFaultSchema, req.body)));
  });
  admin.delete("/faults/inference", (_req, res) => {
    res.json(setInferenceFault({ processing: null, engine: null }));
  });
}
