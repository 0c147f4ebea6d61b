import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route, SMALL_JSON_BYTES } from "@/lib/api/handler";
import { createUser, listUsers } from "@/lib/auth/users";
import { createUserSchema } from "@/lib/validation/auth";

export const dynamic = "force-dynamic";

// GET /api/v1/users – every user (login, display name, role, disabled); admin only
export const GET = route(async () => Response.json({ items: await listUsers(await getDb()) }));

// POST /api/v1/users – creates a user {login, display_name?, password, role}; 409 when the login is taken
export const POST = route(async (request: Request) => {
  const input = parseWith(await readJson(request, SMALL_JSON_BYTES), createUserSchema, "user");
  const user = await createUser(await getDb(), { login: input.login, displayName: input.display_name, password: input.password, role: input.role });
  return Response.json(user, { status: 201 });
});
