import { route } from "@/lib/api/handler";
import { getLiveness } from "@/lib/health";

export const dynamic = "force-dynamic";

// GET /api/health/live – liveness: the process answers (the database is not consulted)
export const GET = route(() => Promise.resolve(Response.json(getLiveness())));
