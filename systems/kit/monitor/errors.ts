/** One error tree for the monitor area, so callers can tell monitor misconfiguration from other failures. */
export class MonitorError extends Error {
  override name = "MonitorError";
}

/** A detector name that no plugin answers to; the message lists the known names. */
export class UnknownDetectorError extends MonitorError {
  override name = "UnknownDetectorError";
}

/** Calibration could not produce a threshold (bad rate, no usable values). */
export class CalibrationError extends MonitorError {
  override name = "CalibrationError";
}
