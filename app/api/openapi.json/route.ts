import { route } from "@/lib/api/handler";
import { openApiDocument } from "@/lib/openapi/document";

// GET /api/openapi.json – the OpenAPI 3.1 document, generated from the routes' zod schemas
export const GET = route(() => Promise.resolve(Response.json(openApiDocument())));
