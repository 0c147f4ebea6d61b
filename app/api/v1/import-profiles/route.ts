import { getDb } from "@/lib/db/client";
import { parseQuery, parseWith, readJson, route } from "@/lib/api/handler";
import { createProfile, listProfiles, profileJson } from "@/lib/import/profiles";
import { importProfileListQuerySchema, importProfileSchema } from "@/lib/validation/import-profiles";

export const dynamic = "force-dynamic";

// GET /api/v1/import-profiles?machine_id – saved import mappings (a machine's: its own and those with a machine column)
export const GET = route(async (request: Request) => {
  const { machine_id } = parseQuery(request, importProfileListQuerySchema);
  const profiles = await listProfiles(await getDb(), machine_id);
  return Response.json(profiles.map(profileJson));
});

// POST /api/v1/import-profiles – saves a mapping under a name
export const POST = route(async (request: Request) => {
  const input = parseWith(await readJson(request, 64 * 1024), importProfileSchema, "import profile");
  const profile = await createProfile(await getDb(), input);
  return Response.json(profileJson(profile), { status: 201 });
});
