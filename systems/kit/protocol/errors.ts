/**
 * Data that crossed a process boundary (an HTTP reply, a unit's config, a journal line) and does
 * not have the shape its protocol schema states. Names what was read, the field and the rule, so
 * a malformed reply fails where it arrives, never as a crash somewhere later.
 */
export class ProtocolError extends Error {
  override name = "ProtocolError";
  constructor(
    /** What was being read, e.g. "reply of GET http://…/admin/releases". */
    readonly what: string,
    /** Dotted path of the first offending field, "(body)" for the whole value. */
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${what}: field '${field}' ${rule}`);
  }
}
