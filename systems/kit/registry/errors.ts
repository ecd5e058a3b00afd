/** Every registry failure is a RegistryError, so a service maps the whole area with one check. */
export class RegistryError extends Error {
  override name = "RegistryError";
}

/** The release asked for was never registered (a service maps this to 404). */
export class UnknownReleaseError extends RegistryError {
  override name = "UnknownReleaseError";
  constructor(
    readonly unit: string,
    readonly number: number,
  ) {
    super(`unit "${unit}" has no release ${number}`);
  }
}
