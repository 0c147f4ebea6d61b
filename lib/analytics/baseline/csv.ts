import { stringify } from "csv-stringify";
import { Readable } from "node:stream";
import type { DeviationBucket } from "./deviation";

const columns = ["time", "actual", "expected", "deviation", "deviation_pct", "cumulative_deviation", "extrapolated", "in_sample"];

/** RFC 4180 CSV of deviation buckets. */
export function deviationCsv(buckets: DeviationBucket[]): ReadableStream<Uint8Array> {
  const s = stringify({ header: true, columns, record_delimiter: "\r\n", cast: { boolean: (b) => (b ? "true" : "false") } });
  return Readable.toWeb(Readable.from(buckets).pipe(s)) as ReadableStream<Uint8Array>;
}
