import { getDb } from "@/lib/db/client";
import { parseWith, readJson, route } from "@/lib/api/handler";
import { backtest } from "@/lib/forecast";
import { backtestSchema } from "@/lib/validation/forecast";

export const dynamic = "force-dynamic";

// POST /api/v1/forecast/backtest – each forecasting method scored over rolling weekly origins beside weekly persistence
export const POST = route(async (request: Request) => {
  const input = parseWith(await readJson(request, 64 * 1024), backtestSchema, "backtest request");
  return Response.json(await backtest(await getDb(), input));
});
