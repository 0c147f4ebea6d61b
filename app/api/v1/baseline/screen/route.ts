import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { screenSelection } from "@/lib/analytics/baseline/screen-selection";
import { screenSchema } from "@/lib/validation/baseline";

export const dynamic = "force-dynamic";

// POST /api/v1/baseline/screen – every candidate driver against the current selection:
// correlation with energy, ΔR² of toggling it, its p-value and VIF (the studio's driver picker)
export const POST = route(async (request: Request) => {
  const input = parseWith(await readJson(request, 64 * 1024), screenSchema, "screen request");
  return Response.json(await screenSelection(await getDb(), input));
});
