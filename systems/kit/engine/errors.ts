/** Root of the engine's error tree: callers can catch every engine failure with one instanceof. */
export class EngineError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "EngineError";
  }
}

/** Training or prediction data (or a spec) that the engine refuses to use. */
export class EngineInputError extends EngineError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "EngineInputError";
  }
}

/** A saved model directory that cannot be written or read back. */
export class ModelIoError extends EngineError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ModelIoError";
  }
}
