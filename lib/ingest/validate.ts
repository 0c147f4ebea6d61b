import type { ZodType } from "zod";
import type { FieldError } from "@/lib/errors";
import type { SeriesKind } from "@/lib/timeseries/definitions";
import { rowSchemas } from "@/lib/validation/ingest";
import type { Database } from "@/lib/db/types";
import { columnSpecs, copyLine } from "./columns";
import { compileFastRow, type FastRow } from "./fastpath";
import { BatchKeys } from "./keys";

export interface RejectedRow {
  /** 0-based index in a JSON batch. */
  index?: number;
  /** 1-based line in a CSV file (the header is line 1). */
  line?: number;
  field: string;
  column?: string;
  message: string;
}

/**
 * Validates rows one by one against the kind's schema and the known machines, and notes the keys
 * of the rows it accepts (see BatchKeys). Rows go through the fast checks derived from the schema
 * (fastpath.ts) first and through the schema itself when those cannot vouch for them.
 */
export class RowValidator {
  private readonly schema: ZodType;
  private readonly fast: FastRow | null;
  private readonly names: string[];
  private readonly values: unknown[];
  readonly rejected: RejectedRow[] = [];
  rejectedCount = 0;
  private chunkKeys = new BatchKeys();

  constructor(
    readonly kind: SeriesKind,
    private readonly machineIds: Set<string>,
    tz: string | undefined,
    private readonly keep = 1000,
    now = Date.now(),
  ) {
    this.schema = rowSchemas(tz, now)[kind];
    this.fast = compileFastRow(kind, this.schema, machineIds, tz, now);
    this.names = columnSpecs[kind].map((c) => c.name);
    this.values = new Array<unknown>(this.names.length);
  }

  /** The keys of the rows accepted since the last call (the lines of one chunk), to hand to the writer. */
  takeKeys(): BatchKeys {
    const keys = this.chunkKeys;
    this.chunkKeys = new BatchKeys();
    return keys;
  }

  /** Whether the fast checks are in use (they are for every kind today; a test keeps it so). */
  get hasFastPath(): boolean {
    return this.fast !== null;
  }

  /** The COPY line of a valid row (a JSON value), or null after recording why the row was rejected. */
  check(value: unknown, position: { index?: number; line?: number }): string | null {
    if (this.fast && typeof value === "object" && value !== null && !Array.isArray(value)) {
      const row = value as Record<string, unknown>;
      for (let i = 0; i < this.names.length; i++) this.values[i] = row[this.names[i]!];
      const line = this.fast.line(this.values);
      if (line !== null) {
        this.chunkKeys.add(this.fast.machineId, this.fast.time);
        return line;
      }
    }
    return this.checkWithSchema(value, position);
  }

  /**
   * The same for a CSV row given as `values` in columnSpecs order (as cellValue() makes them);
   * `row()` builds the object the schema sees, only when the fast checks do not pass the values.
   */
  checkValues(values: unknown[], row: () => Record<string, unknown>, position: { line: number }): string | null {
    if (this.fast) {
      const line = this.fast.line(values);
      if (line !== null) {
        this.chunkKeys.add(this.fast.machineId, this.fast.time);
        return line;
      }
    }
    return this.checkWithSchema(row(), position);
  }

  private checkWithSchema(value: unknown, position: { index?: number; line?: number }): string | null {
    const result = this.schema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues.slice(0, 3)) {
        const field = issue.path.join(".") || "(row)";
        this.reject({ ...position, field, column: position.line !== undefined ? field : undefined, message: issue.message });
      }
      this.rejectedCount += 1;
      return null;
    }
    const row = result.data as Record<string, unknown>;
    const machineId = String(row.machine_id).toLowerCase();
    if (!this.machineIds.has(machineId)) {
      this.reject({ ...position, field: "machine_id", column: position.line !== undefined ? "machine_id" : undefined, message: `unknown machine ${machineId}` });
      this.rejectedCount += 1;
      return null;
    }
    row.machine_id = machineId;
    this.chunkKeys.add(machineId, (row.time as Date).getTime());
    return copyLine(this.kind, row);
  }

  /** Records a CSV line rejected before its fields could be read. */
  rejectLine(line: number, message: string): void {
    this.reject({ line, field: "(line)", column: "(line)", message });
    this.rejectedCount += 1;
  }

  private reject(r: RejectedRow): void {
    if (this.rejected.length < this.keep) this.rejected.push(r);
  }

  fieldErrors(): FieldError[] {
    return this.rejected.map((r) => ({
      field: r.field,
      message: r.message,
      ...(r.index !== undefined ? { index: r.index } : {}),
      ...(r.line !== undefined ? { line: r.line, column: r.column } : {}),
    }));
  }
}

export async function knownMachineIds(db: Database): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>("SELECT id::text AS id FROM machines");
  return new Set(rows.map((r) => r.id));
}

export function describeRejected(v: RowValidator): string {
  const first = v.rejected[0];
  if (!first) return "";
  const where = first.line !== undefined ? `line ${first.line}, column ${first.column ?? first.field}` : `row ${first.index}, field ${first.field}`;
  return `${v.rejectedCount} row(s) rejected; first: ${where}: ${first.message}`;
}
