/** The transform kinds a vectorizer can use, by name. */
import { VectorizerError } from "../errors.ts";
import { type IdentityState, identity } from "./identity.ts";
import { type MonthCyclicState, monthCyclic } from "./month-cyclic.ts";
import { type OneHotState, onehot } from "./onehot.ts";
import type { TransformPlugin } from "./plugin.ts";
import { type StandardizeState, standardize } from "./standardize.ts";
import { type TokensState, tokens } from "./tokens.ts";

export { monthOf } from "./month-cyclic.ts";
export { FIRST_ID, OOV_ID, PAD_ID, tokenize } from "./tokens.ts";
export type { IdentityState, MonthCyclicState, OneHotState, StandardizeState, TokensState, TransformPlugin };

/** A transform after fitting: plain JSON, stored with the model. */
export type FittedTransform = StandardizeState | OneHotState | MonthCyclicState | IdentityState | TokensState;
export type TransformKind = FittedTransform["kind"];

const plugins: Record<string, TransformPlugin<FittedTransform>> = {
  [standardize.kind]: standardize as TransformPlugin<FittedTransform>,
  [onehot.kind]: onehot as TransformPlugin<FittedTransform>,
  [monthCyclic.kind]: monthCyclic as TransformPlugin<FittedTransform>,
  [identity.kind]: identity as TransformPlugin<FittedTransform>,
  [tokens.kind]: tokens as TransformPlugin<FittedTransform>,
};

export function transformKinds(): string[] {
  return Object.keys(plugins);
}

export function transformPlugin(kind: string): TransformPlugin<FittedTransform> {
  const p = Object.hasOwn(plugins, kind) ? plugins[kind] : undefined;
  if (!p)
    throw new VectorizerError(`unknown transform kind '${kind}' (known: ${transformKinds().join(", ")})`);
  return p;
}
