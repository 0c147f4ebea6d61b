// Anomaly detection and its event workflow (README "## Anomalies"). Plain functions taking `db`,
// shared by the API, the scheduled jobs and the evaluation.
export { detectAnomalies, detectAnomaliesDetailed, REFERENCE_DAYS } from "./detect";
export { raiseSilentMeters, defaultSilentAfterMs } from "./silent";
export { transitionEvent, transitions, allowedFrom } from "./workflow";
export { listEvents, csvColumns } from "./list";
export { getEventDetail } from "./detail";
export { DEFAULT_DETECTORS } from "./analyse";
export * from "./types";
