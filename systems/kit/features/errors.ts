/** One error tree for the features area, so callers can catch "a features problem" in one place. */
export class FeaturesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A contract definition that cannot be right (min above max, no categories, ...). */
export class ContractError extends FeaturesError {}

/** A vectorizer spec or stored state that cannot be used. */
export class VectorizerError extends FeaturesError {}

/** A reference that cannot be built from what was given. */
export class ReferenceBuildError extends FeaturesError {}
