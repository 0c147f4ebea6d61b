import { detailQuerySchema, detectSchema, eventIdSchema, listQuerySchema, patchSchema } from "@/lib/validation/anomaly";
import { operations } from "./registry";

export const anomalyOperations = operations(
  {
    method: "get",
    path: "/api/v1/anomaly",
    tag: "anomaly",
    summary: "Anomaly events filtered by machine, status, severity, detector and period",
    description: "Keyset pages (`{items, next_cursor}`); `format=csv` gives the events as CSV.",
    query: listQuerySchema,
    responses: { 200: "`{items, next_cursor}` or CSV", 404: "No such machine (machine_id)" },
  },
  {
    method: "get",
    path: "/api/v1/anomaly/{id}",
    tag: "anomaly",
    summary: "One event with its history, allowed transitions and the hourly series around it",
    params: { id: eventIdSchema },
    query: detailQuerySchema,
    responses: { 200: "The event", 404: "No such event" },
  },
  {
    method: "patch",
    path: "/api/v1/anomaly/{id}",
    tag: "anomaly",
    summary: "Moves an event through the workflow (`{status, note}`)",
    params: { id: eventIdSchema },
    body: { schema: patchSchema },
    responses: { 200: "The event", 404: "No such event", 409: "Not an allowed transition; the answer lists the allowed statuses" },
  },
  {
    method: "post",
    path: "/api/v1/anomaly/detect",
    tag: "anomaly",
    summary: "Runs detection over a window (one machine or every active one)",
    body: { schema: detectSchema },
    responses: { 200: "The events created and updated", 404: "No such machine" },
  },
);
