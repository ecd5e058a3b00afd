/** Public API of the features area: contracts, validation, vectorizers and training references. */
export { contractSchema, defineContract, isRequired, validate } from "./contract.ts";
export { parseIsoDate } from "./dates.ts";
export { ContractError, FeaturesError, ReferenceBuildError, VectorizerError } from "./errors.ts";
export { buildReference, referenceValue, type SampleOptions, vectorReference } from "./reference.ts";
export {
  FIRST_ID,
  type FittedTransform,
  OOV_ID,
  PAD_ID,
  type TokensState,
  type TransformKind,
  tokenize,
} from "./transforms/index.ts";
export type {
  Contract,
  FeatureReference,
  FieldSpec,
  Reference,
  Rule,
  ValidationResult,
  Violation,
} from "./types.ts";
export {
  digestRows,
  oneHotLabels,
  type TransformSpec,
  Vectorizer,
  type VectorizerState,
  vectorizerKinds,
} from "./vectorizer.ts";
