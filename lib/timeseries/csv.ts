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

/**
 * `attachment` with the file name twice (RFC 6266): `filename` in printable ASCII (anything else,
 * quotes and slashes become `_`) and the exact name as `filename*` (RFC 5987, UTF-8). Names carry
 * machine and area names: a character beyond Latin-1 in a header value threw (a 500) and a quote
 * ended the name early. Not the `content-disposition` package: its 3.x needs Node 22 (we run on
 * 20) and 1.x keeps only what follows the last slash of a name ("Hall A/B" → "B").
 */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\/]/g, "_");
  const exact = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

export function csvResponse(body: ReadableStream<Uint8Array>, filename: string): Response {
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": contentDisposition(filename) },
  });
}
