import { createMachineSchema, machineIdSchema, updateMachineSchema } from "@/lib/validation/machines";
import { siteIdSchema, updateSiteSchema } from "@/lib/validation/sites";
import { seriesQuerySchema } from "@/lib/validation/series";
import { operations } from "./registry";

const machine = "`{id, site_id, name, type, area, rated_power_kw, is_active, sample_interval, timestamp_position, register_max_kwh, max_plausible_power_kw, counts_output, created_at}`";

export const machineOperations = operations(
  { method: "get", path: "/api/v1/machines", tag: "machines", summary: "Every machine of the plant", responses: { 200: `A list of ${machine}` } },
  { method: "post", path: "/api/v1/machines", tag: "machines", summary: "Registers a machine", body: { schema: createMachineSchema }, responses: { 201: machine, 409: "A machine with that id or name exists" } },
  { method: "get", path: "/api/v1/machines/{id}", tag: "machines", summary: "One machine", params: { id: machineIdSchema }, responses: { 200: machine, 404: "No such machine" } },
  {
    method: "patch",
    path: "/api/v1/machines/{id}",
    tag: "machines",
    summary: "Renames, retypes, (de)activates or moves a machine; sets its meter settings",
    description: "Moving a machine to a site of another time zone rebuilds its local-day rollups.",
    params: { id: machineIdSchema },
    body: { schema: updateMachineSchema },
    responses: { 200: machine, 404: "No such machine", 409: "Another machine of the site has that name" },
  },
  {
    method: "get",
    path: "/api/v1/machines/{id}/series",
    tag: "machines",
    summary: "Rollup series of one machine",
    description: "Dates and times without an offset are the site's wall clock. `format=csv` gives RFC 4180 CSV.",
    params: { id: machineIdSchema },
    query: seriesQuerySchema,
    responses: { 200: "`{machine_id, bucket, time_zone, from, to, columns, points}` or CSV", 404: "No such machine" },
  },
  { method: "get", path: "/api/v1/sites", tag: "sites", summary: "The plant's sites with their time zone and baseline quality thresholds", responses: { 200: "A list of sites" } },
  { method: "get", path: "/api/v1/sites/{id}", tag: "sites", summary: "One site", params: { id: siteIdSchema }, responses: { 200: "The site", 404: "No such site" } },
  {
    method: "patch",
    path: "/api/v1/sites/{id}",
    tag: "sites",
    summary: "Name, time zone, country, baseline quality thresholds of a site",
    description: "A new time zone rebuilds the local-day rollups; `quality_thresholds: null` resets them to the defaults.",
    params: { id: siteIdSchema },
    body: { schema: updateSiteSchema },
    responses: { 200: "The site", 404: "No such site" },
  },
);
