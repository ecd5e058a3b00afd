export { AccuracyMonitor, type AccuracyMonitorOptions } from "./accuracy.ts";
export {
  type Alert,
  type AlertLabels,
  AlertSink,
  type AlertSinkOptions,
  fingerprint,
  OPEN_END,
  type WebhookPayload,
  webhookPayload,
} from "./alerts.ts";
export { BoundaryMonitor, type BoundaryMonitorOptions, type FeatureStatus } from "./boundary.ts";
export { type CalibrationOptions, calibrateThreshold } from "./calibrate.ts";
export { CallMonitor, type CallMonitorOptions, type CallStatus } from "./calls.ts";
export * from "./detectors/index.ts";
export { CalibrationError, MonitorError, UnknownDetectorError } from "./errors.ts";
export { InvariantMonitor, type InvariantMonitorOptions } from "./invariant.ts";
export { createMetrics, type UnitMetrics } from "./metrics.ts";
export { ValidityMonitor, type ValidityMonitorOptions } from "./validity.ts";
