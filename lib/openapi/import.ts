import { importProfileIdSchema, importProfileListQuerySchema, importProfileSchema, previewSchema } from "@/lib/validation/import-profiles";
import { operations } from "./registry";

export const importOperations = operations(
  { method: "get", path: "/api/v1/import-profiles", tag: "import", summary: "Saved import mappings (a machine's: its own and those with a machine column)", query: importProfileListQuerySchema, responses: { 200: "A list of profiles" } },
  { method: "post", path: "/api/v1/import-profiles", tag: "import", summary: "Saves a mapping under a name", body: { schema: importProfileSchema }, responses: { 201: "The profile", 409: "A profile of that name exists" } },
  { method: "get", path: "/api/v1/import-profiles/{id}", tag: "import", summary: "One import profile", params: { id: importProfileIdSchema }, responses: { 200: "The profile", 404: "No such profile" } },
  { method: "put", path: "/api/v1/import-profiles/{id}", tag: "import", summary: "Replaces an import profile whole", params: { id: importProfileIdSchema }, body: { schema: importProfileSchema }, responses: { 200: "The profile", 404: "No such profile", 409: "Another profile has that name" } },
  { method: "delete", path: "/api/v1/import-profiles/{id}", tag: "import", summary: "Removes an import profile", params: { id: importProfileIdSchema }, responses: { 204: "Removed (no body)", 404: "No such profile" } },
  {
    method: "post",
    path: "/api/v1/import/preview",
    tag: "import",
    summary: "The file's columns and, with a mapping, the rows as they would be stored and the rejected ones",
    description: "`{csv: first lines, mapping?, limit?}`; nothing is written. Body at most 2 MiB. With a mapping, `stored` holds the rows as they would be stored; for a register file those are the consumption rows derived from the readings, and `readings` the register readings themselves.",
    body: { schema: previewSchema },
    responses: { 200: "`{columns, rows, rejected}`" },
  },
);
