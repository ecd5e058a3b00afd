/** Every lake failure is a LakeError, so callers can map the whole area with one check. */
export class LakeError extends Error {
  override name = "LakeError";
}

/** A source with no Parquet file yet: reading it cannot even infer columns. */
export class EmptySourceError extends LakeError {
  override name = "EmptySourceError";
  constructor(readonly source: string) {
    super(`lake source "${source}" is empty: nothing has been appended to it yet`);
  }
}
