// Short gaps in an hourly temperature feed are filled by linear interpolation between the values
// either side, so a weather feed with a few missing hours does not cost whole days of data.
// Longer gaps stay missing (the buckets they fall in lack the driver, and say so). The limit of
// 6 consecutive hours follows the practice of the CalTRACK methods for hourly temperature data;
// quarter-hour rows get the same 6 hours (24 rows).

/** Longest gap (hours) filled by interpolation. */
export const MAX_TEMPERATURE_GAP_HOURS = 6;

/**
 * Fills runs of NaN of at most `maxRun` values that have a value on both sides, in place, by
 * linear interpolation over the index (the rows are equally spaced). Returns how many values
 * were filled. A run at either end (no value on one side) is left as it is.
 */
export function fillShortGaps(values: Float64Array | number[], maxRun: number): number {
  let filled = 0;
  let i = 0;
  const n = values.length;
  while (i < n) {
    if (!Number.isNaN(values[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && Number.isNaN(values[j]!)) j++;
    const run = j - i;
    if (i > 0 && j < n && run <= maxRun) {
      const a = values[i - 1]!;
      const b = values[j]!;
      for (let k = i; k < j; k++) values[k] = a + ((b - a) * (k - i + 1)) / (run + 1);
      filled += run;
    }
    i = j;
  }
  return filled;
}
