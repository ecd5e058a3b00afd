import { createHash } from "node:crypto";
import { RegistryError } from "./errors.ts";

/**
 * Deterministic canary split: a key always lands on the same side for a given seed, and about
 * `fraction` of keys land on the canary. sha256(seed:key) is read as a 48-bit fraction in [0, 1).
 */
export function canaryRoute(key: string, fraction: number, seed: number): boolean {
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new RegistryError(`canary fraction must be within [0, 1], got ${fraction}`);
  }
  const hash = createHash("sha256").update(`${seed}:${key}`).digest();
  return hash.readUIntBE(0, 6) / 2 ** 48 < fraction;
}
