/** Every failure to find, fetch, verify or parse a dataset. */
export class DatasetError extends Error {
  override name = "DatasetError";
}
