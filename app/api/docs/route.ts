import { route } from "@/lib/api/handler";
import { referenceHtml } from "@/lib/openapi/reference";

// GET /api/docs – the browsable API reference (Swagger UI, served from this app)
export const GET = route(() => Promise.resolve(new Response(referenceHtml, { headers: { "content-type": "text/html; charset=utf-8" } })));
