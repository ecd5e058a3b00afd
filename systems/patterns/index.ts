import { proposed } from "./proposed/index.ts";
import { threeLayer } from "./three-layer/index.ts";
import type { PatternDefinition } from "./types.ts";

export const patterns: Readonly<Record<string, PatternDefinition>> = { "three-layer": threeLayer, proposed };

export function getPattern(name: string): PatternDefinition {
  const p = patterns[name];
  if (!p) throw new Error(`unknown pattern '${name}'; known: ${Object.keys(patterns).join(", ")}`);
  return p;
}
