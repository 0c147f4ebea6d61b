import { route } from "@/lib/api/handler";
import { driverCatalogue, granularities } from "@/lib/analytics/drivers/catalogue";
import { modelTypes } from "@/lib/analytics/baseline/model";

// GET /api/v1/baseline/drivers – the driver catalogue, granularities and model types
export const GET = route(() => Promise.resolve(Response.json({ drivers: driverCatalogue, granularities, model_types: modelTypes })));
