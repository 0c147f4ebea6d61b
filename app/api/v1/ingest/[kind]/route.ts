import { getDb } from "@/lib/db/client";
import { parseQuery, parseWith, readJson, route } from "@/lib/api/handler";
import { ingestJson } from "@/lib/ingest/json";
import { currentRequest } from "@/lib/api/context";
import { readingsWriteScope } from "@/lib/api/read-cache";
import { ingestKindSchema, ingestQuerySchema } from "@/lib/validation/ingest";

export const dynamic = "force-dynamic";

// POST /api/v1/ingest/energy|production|environmental – a JSON batch (≤ 50,000 rows), all or nothing unless on_error=skip
export const POST = route(async (request: Request, ctx: { params: Promise<{ kind: string }> }) => {
  const kind = parseWith((await ctx.params).kind, ingestKindSchema, "ingest kind");
  const query = parseQuery(request, ingestQuerySchema);
  const body = await readJson(request);
  // Cached reads of other machines and periods stay valid (lib/api/read-cache.ts).
  const ctxNow = currentRequest();
  if (ctxNow) ctxNow.writeScope = readingsWriteScope(body);
  const result = await ingestJson(await getDb(), kind, body, query);
  return Response.json(result, { status: result.rejected_count > 0 ? 207 : 200 });
});
