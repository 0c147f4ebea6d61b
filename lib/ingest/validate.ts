import type { ZodType } from "zod";
import type { FieldError } from "@/lib/errors";
import type { SeriesKind } from "@/lib/timeseries/definitions";
import { rowSchemas } from "@/lib/validation/ingest";
import type { Database } from "@/lib/db/types";
import { copyLine } from "./columns";

export interface RejectedRow {
  /** 0-based index in a JSON batch. */
  index?: number;
  /** 1-based line in a CSV file (the header is line 1). */
  line?: number;
  field: string;
  column?: string;
  message: string;
}

/** Validates rows one by one against the kind's schema and the known machines. */
export class RowValidator {
  private readonly schema: ZodType;
  readonly rejected: RejectedRow[] = [];
  rejectedCount = 0;

  constructor(
    readonly kind: SeriesKind,
    private readonly machineIds: Set<string>,
    tz: string | undefined,
    private readonly keep = 1000,
  ) {
    this.schema = rowSchemas(tz)[kind];
  }

  /** The COPY line of a valid row, or null after recording why the row was rejected. */
  check(value: unknown, position: { index?: number; line?: number }, lineNo: number): string | null {
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
    return copyLine(this.kind, lineNo, row);
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
