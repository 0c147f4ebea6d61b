import { route } from "@/lib/api/handler";
import { currentPrincipal } from "@/lib/api/context";
import { principalJson } from "@/lib/auth/present";

export const dynamic = "force-dynamic";

// GET /api/auth/me – who the request comes from: {kind, name, login?, role?, scopes?, permissions}
export const GET = route(() => Promise.resolve(Response.json(principalJson(currentPrincipal()!))));
