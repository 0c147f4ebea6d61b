import { getDb } from "@/lib/db/client";
import { parseQuery, route } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { ingestUpload } from "@/lib/ingest/upload";
import { csvQuerySchema } from "@/lib/validation/ingest";

export const dynamic = "force-dynamic";

// POST /api/v1/ingest/csv?kind=energy|production|environmental|bill|register – a text/csv file (series streamed, of any size)
export const POST = route(async (request: Request) => {
  const query = parseQuery(request, csvQuerySchema);
  const type = request.headers.get("content-type") ?? "";
  if (type && !/^(text\/csv|text\/plain|application\/octet-stream|application\/csv)/i.test(type)) {
    throw new AppError("bad_request", `content-type must be text/csv (got ${type})`);
  }
  if (!request.body) throw new AppError("bad_request", "CSV body is empty");
  const result = await ingestUpload(await getDb(), query, request.body as unknown as AsyncIterable<Uint8Array>);
  return Response.json(result, { status: result.rejected_count > 0 ? 207 : 200 });
});
