import { stringify } from "csv-stringify";
import { Readable } from "node:stream";
import { guardCell } from "@/lib/csv/build";
import type { SeriesPoint } from "./series";

/**
 * RFC 4180 CSV (CRLF line ends, header row) of series points, streamed. Every text cell and header
 * passes the dashboard's spreadsheet-formula guard (lib/csv/build.ts `guardCell`): a machine or
 * area name starting with = + - @, a tab or CR gets a leading apostrophe; numbers, negative ones
 * included, are written as numbers.
 */
export function pointsCsv(points: SeriesPoint[], columns: string[], leading: Record<string, string> = {}): ReadableStream<Uint8Array> {
  const keys = [...Object.keys(leading), "time", ...columns];
  const stringifier = stringify({
    header: true,
    columns: keys.map((key) => ({ key, header: guardCell(key) })),
    record_delimiter: "\r\n",
    // Only strings reach cast.string: numbers keep csv-stringify's own number formatting.
    cast: { string: (value) => guardCell(value) },
  });
  const source = Readable.from(points.map((p) => ({ ...leading, ...p })));
  return Readable.toWeb(source.pipe(stringifier)) as ReadableStream<Uint8Array>;
}

export function csvResponse(body: ReadableStream<Uint8Array>, filename: string): Response {
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` },
  });
}
