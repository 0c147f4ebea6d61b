import { parseAsString, parseAsStringLiteral } from "nuqs/server";
import { anomalyOrders } from "@/lib/api-client/anomaly";
import { ANOMALY_VIEW_DAYS } from "./defaults";

// URL state of the anomaly viewer, with the API's names (GET /api/v1/anomaly): the filters,
// `order` of the list, and `id`, the event open in the detail panel. `from`/`to` are ISO
// instants with the plant's offset; absent, the page shows the last 30 plant days.

export const ANOMALY_DAYS = ANOMALY_VIEW_DAYS;

export const anomalyParsers = {
  machine_id: parseAsString,
  status: parseAsString,
  severity: parseAsString,
  detector: parseAsString,
  from: parseAsString,
  to: parseAsString,
  order: parseAsStringLiteral(anomalyOrders).withDefault("cost"),
  id: parseAsString,
};
