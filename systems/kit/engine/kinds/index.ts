import { EngineError } from "../errors.ts";
import { type EmbedSpec, embed } from "./embed.ts";
import { type KmeansSpec, kmeans } from "./kmeans.ts";
import { type MlpSpec, mlp } from "./mlp.ts";
import type { ModelKind } from "./types.ts";

export type { EmbedSpec } from "./embed.ts";
export { buildEmbed, embedSpecSchema } from "./embed.ts";
export type { KmeansSpec } from "./kmeans.ts";
export { centresModel, kmeansSpecSchema } from "./kmeans.ts";
export type { MlpSpec } from "./mlp.ts";
export { buildMlp, mlpSpecSchema } from "./mlp.ts";
export type { ModelKind, Trained, TrainingData } from "./types.ts";

/** Every model spec the engine can train. A new kind adds its spec here and its plugin below. */
export type ModelSpec = MlpSpec | KmeansSpec | EmbedSpec;

const kinds: { [K in ModelSpec["kind"]]: ModelKind<Extract<ModelSpec, { kind: K }>> } = {
  mlp,
  kmeans,
  embed,
};

export const modelKindNames: readonly string[] = Object.keys(kinds);

export function modelKind<K extends ModelSpec["kind"]>(name: K): ModelKind<Extract<ModelSpec, { kind: K }>>;
export function modelKind(name: string): ModelKind<ModelSpec>;
export function modelKind(name: string): ModelKind<ModelSpec> {
  if (!Object.hasOwn(kinds, name)) {
    throw new EngineError(`unknown model kind "${name}"; known kinds: ${modelKindNames.join(", ")}`);
  }
  return kinds[name as ModelSpec["kind"]] as ModelKind<ModelSpec>;
}
