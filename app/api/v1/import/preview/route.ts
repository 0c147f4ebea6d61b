import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { previewImport } from "@/lib/import/preview";
import { previewSchema } from "@/lib/validation/import-profiles";

export const dynamic = "force-dynamic";

// POST /api/v1/import/preview – {csv: first lines, mapping?, limit?} → the file's columns and, with a mapping, the rows as they would be stored and the rejected ones; nothing is written
export const POST = route(async (request: Request) => {
  const input = parseWith(await readJson(request, 2 * 1024 * 1024), previewSchema, "preview");
  return Response.json(await previewImport(await getDb(), input));
});
