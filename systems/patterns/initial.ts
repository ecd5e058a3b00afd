import { ALIASES } from "../kit/protocol/index.ts";
import type { PrepareContext } from "./types.ts";

/**
 * A unit's first release goes into production and becomes the baseline (the healthy accuracy its
 * feedback monitors compare against). A system prepared again keeps both where they were.
 */
export function initialAliases(ctx: PrepareContext, unit: string, release: number): void {
  for (const alias of [ALIASES.production, ALIASES.baseline])
    if (!ctx.registry.alias(unit, alias))
      ctx.registry.moveAlias(unit, alias, release, { who: ctx.who, reason: "initial release" });
}
