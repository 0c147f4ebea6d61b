import { z } from "zod";
import { ApiError, fetchJson } from "./fetch-json";

// The data page's calls: the import preview, import profiles, machines' meter settings, and the
// upload itself (XMLHttpRequest, for its upload progress; fetch has none for request bodies).

const dateDetection = z.object({ format: z.string().nullable(), candidates: z.array(z.string()) });
const rejectedSchema = z.object({
  line: z.number().optional(),
  index: z.number().optional(),
  field: z.string(),
  column: z.string().optional(),
  source_column: z.string().optional(),
  message: z.string(),
});
export type Rejected = z.infer<typeof rejectedSchema>;

export const importResultSchema = z
  .object({
    kind: z.string(),
    received: z.number(),
    accepted: z.number(),
    written: z.number(),
    rejected_count: z.number(),
    rejected: z.array(rejectedSchema),
    tz: z.string().nullable().optional(),
    date_format: z.string().optional(),
    source_dialect: z.object({ delimiter: z.string(), decimal: z.string() }).optional(),
    /** Rows replaced by a later row with the same machine and time (the later one is stored). */
    superseded_count: z.number().optional(),
    /** Register imports: consumption rows derived from the readings. */
    derived: z.number().optional(),
  })
  .passthrough();
export type ImportResult = z.infer<typeof importResultSchema>;

export const previewResponseSchema = z.object({
  dialect: z.object({ delimiter: z.string(), decimal: z.string(), detected: z.array(z.string()) }),
  columns: z.array(z.object({ name: z.string(), sample: z.array(z.string()), date: dateDetection.nullable() })),
  raw_rows: z.array(z.object({ line: z.number(), fields: z.array(z.string()) })),
  stored: z.object({ table: z.string(), rows: z.array(z.record(z.string(), z.string().nullable())) }).optional(),
  /** Register files: the readings themselves (`stored` then holds the consumption rows derived from them). */
  readings: z.object({ table: z.string(), rows: z.array(z.record(z.string(), z.string().nullable())) }).optional(),
  result: importResultSchema.optional(),
});
export type PreviewResponse = z.infer<typeof previewResponseSchema>;

/** A mapping as the API takes it (lib/validation/import-profiles.ts). */
export interface MappingBody {
  kind: string;
  columns: Record<string, string>;
  machine_id?: string | null;
  date_format: string;
  tz?: string;
  timestamp_position?: "start" | "end";
  delimiter?: string;
  decimal?: string;
  period_end?: "exclusive" | "inclusive";
}

export const profileSchema = z
  .object({ id: z.string(), name: z.string(), kind: z.string(), machine_id: z.string().nullable(), columns: z.record(z.string(), z.string()), date_format: z.string() })
  .passthrough();
/** A saved import profile as GET /api/v1/import-profiles lists it. */
export interface Profile extends Omit<MappingBody, "machine_id"> {
  id: string;
  name: string;
  machine_id: string | null;
}

export const previewImport = (csv: string, mapping?: MappingBody) => fetchJson("/api/v1/import/preview", previewResponseSchema, { json: { csv, ...(mapping ? { mapping } : {}), limit: 50 } });

export const saveProfile = (name: string, mapping: MappingBody, id?: string) =>
  fetchJson(id ? `/api/v1/import-profiles/${id}` : "/api/v1/import-profiles", profileSchema, { method: id ? "PUT" : "POST", json: { ...mapping, name } });

/** DELETE /api/v1/import-profiles/{id}; a 4xx throws ApiError with the server's message. */
export async function deleteProfile(id: string): Promise<void> {
  const res = await fetch(`/api/v1/import-profiles/${id}`, { method: "DELETE" });
  if (!res.ok) throw new ApiError(res.status, ((await res.json().catch(() => ({}))) as { message?: string }).message ?? `${res.status} ${res.statusText}`);
}

/** The first `bytes` of a file, cut after its last complete line (what the preview reads). */
export async function headOf(file: File, bytes = 256 * 1024): Promise<string> {
  const text = await file.slice(0, bytes).text();
  if (file.size <= bytes) return text;
  const end = text.lastIndexOf("\n");
  return end === -1 ? text : text.slice(0, end + 1);
}

/**
 * Uploads a file to POST /api/v1/ingest/csv?{query}, reporting the share sent (0…1). Resolves with
 * the import's answer (200 or 207); rejects with ApiError carrying the server's message and, for a
 * 400 that lists lines, `rejected`.
 */
export function uploadCsv(file: File, query: URLSearchParams, onProgress: (sent: number) => void): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/ingest/csv?${query.toString()}`);
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, "The upload failed: the server could not be reached"));
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: the status line says what happened
      }
      if (xhr.status === 200 || xhr.status === 207) {
        const parsed = importResultSchema.safeParse(json);
        if (parsed.success) return resolve(parsed.data);
        return reject(new ApiError(xhr.status, "The server's answer could not be read"));
      }
      const body = (json ?? {}) as { message?: string; errors?: Rejected[] };
      reject(new UploadError(xhr.status, body.message ?? `${xhr.status} ${xhr.statusText}`, z.array(rejectedSchema).catch([]).parse(body.errors ?? [])));
    };
    xhr.send(file);
  });
}

/** A refused upload, with the lines the server listed. */
export class UploadError extends ApiError {
  constructor(
    status: number,
    message: string,
    readonly rejected: Rejected[],
  ) {
    super(status, message);
  }
}

export const machineSettingsSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  area: z.string().nullable(),
  rated_power_kw: z.number().nullable(),
  is_active: z.boolean(),
  sample_interval: z.string().nullable(),
  timestamp_position: z.enum(["start", "end"]),
  register_max_kwh: z.number().nullable(),
  max_plausible_power_kw: z.number().nullable(),
  counts_output: z.boolean(),
});
export type MachineSettings = z.infer<typeof machineSettingsSchema>;

export const saveMachine = (body: Record<string, unknown>, id?: string) =>
  fetchJson(id ? `/api/v1/machines/${id}` : "/api/v1/machines", machineSettingsSchema, { method: id ? "PATCH" : "POST", json: body });
