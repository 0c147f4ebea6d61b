import { parseWith, route } from "@/lib/api/handler";
import { readReferenceAsset } from "@/lib/openapi/assets";
import { referenceAssetSchema } from "@/lib/openapi/reference";

// GET /api/docs/{asset} – the reference page's script and style
export const GET = route(async (_request: Request, ctx: { params: Promise<{ asset: string }> }) => {
  const asset = parseWith((await ctx.params).asset, referenceAssetSchema, "asset");
  const { body, type } = await readReferenceAsset(asset);
  return new Response(body, { headers: { "content-type": type, "cache-control": "public, max-age=86400" } });
});
