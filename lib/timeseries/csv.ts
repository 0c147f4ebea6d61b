import { stringify } from "csv-stringify";
import { Readable } from "node:stream";
import type { SeriesPoint } from "./series";

/** RFC 4180 CSV (CRLF line ends, header row) of series points, streamed. */
export function pointsCsv(points: SeriesPoint[], columns: string[], leading: Record<string, string> = {}): ReadableStream<Uint8Array> {
  const lead = Object.keys(leading);
  const stringifier = stringify({ header: true, columns: [...lead, "time", ...columns], record_delimiter: "\r\n" });
  const source = Readable.from(points.map((p) => ({ ...leading, ...p })));
  return Readable.toWeb(source.pipe(stringifier)) as ReadableStream<Uint8Array>;
}

export function csvResponse(body: ReadableStream<Uint8Array>, filename: string): Response {
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` },
  });
}
