// Why a bucket of a reporting window could not be used, in words for the response. The frame
// (lib/analytics/drivers/frame.ts) lists the buckets it left out with their metered energy; the
// deviation adds those the model cannot predict.

/** Share of a bucket its readings must cover to be used (the frame's MIN_COVERAGE). */
const MIN_COVERAGE = 0.9;

export type UnusedReason = "missing_energy" | "incomplete_energy" | "missing_driver_data" | "unseen_hour_of_week";

export const unusedReasonText: Record<UnusedReason, string> = {
  missing_energy: "no metered energy in the bucket: nothing to compare",
  incomplete_energy: `readings cover less than ${100 * MIN_COVERAGE} % of the bucket`,
  missing_driver_data: "driver data missing, so the model cannot predict the bucket",
  unseen_hour_of_week: "an hour of week the training window never saw: its effect is unknown",
};

