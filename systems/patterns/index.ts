import { type Catalog, catalog } from "../kit/catalog.ts";
import { gateway } from "./gateway/index.ts";
import { proposed } from "./proposed/index.ts";
import { threeLayer } from "./three-layer/index.ts";
import type { PatternDefinition } from "./types.ts";

/** Every pattern: the single list (the experiment, the CLI and the bench read it). */
export const patterns: Catalog<PatternDefinition> = catalog(
  "pattern",
  [threeLayer, proposed, gateway],
  (p) => p.name,
);

export const getPattern = (name: string): PatternDefinition => patterns.get(name);
