import { getDb } from "@/lib/db/client";
import { parseQuery, route } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { ingestUpload } from "@/lib/ingest/upload";
import { importWithProfile } from "@/lib/import/with-profile";
import { csvQuerySchema } from "@/lib/validation/ingest";
import { profileQuerySchema } from "@/lib/validation/import-profiles";

export const dynamic = "force-dynamic";

// POST /api/v1/ingest/csv?kind=energy|production|environmental|bill|register – a text/csv file (series streamed, of any size);
// with profile=<id or name>, a file in a saved import profile's layout (kind and columns from the profile)
export const POST = route(async (request: Request) => {
  const withProfile = new URL(request.url).searchParams.has("profile");
  const type = request.headers.get("content-type") ?? "";
  if (type && !/^(text\/csv|text\/plain|application\/octet-stream|application\/csv)/i.test(type)) {
    throw new AppError("bad_request", `content-type must be text/csv (got ${type})`);
  }
  if (withProfile) {
    const query = parseQuery(request, profileQuerySchema);
    if (!request.body) throw new AppError("bad_request", "CSV body is empty");
    const result = await importWithProfile(await getDb(), query, request.body as unknown as AsyncIterable<Uint8Array>);
    return Response.json(result, { status: result.rejected_count > 0 ? 207 : 200 });
  }
  const query = parseQuery(request, csvQuerySchema);
  if (!request.body) throw new AppError("bad_request", "CSV body is empty");
  const result = await ingestUpload(await getDb(), query, request.body as unknown as AsyncIterable<Uint8Array>);
  return Response.json(result, { status: result.rejected_count > 0 ? 207 : 200 });
});
