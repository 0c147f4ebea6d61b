import type { Rejected } from "@/lib/api-client/import";

/** Rejected lines with their reasons, as the server listed them (it lists up to 1,000). */
export function RejectedList({ rows, total }: { rows: Rejected[]; total: number }) {
  if (total === 0) return null;
  return (
    <div className="mt-3" data-testid="rejected-lines">
      <h3 className="text-sm font-medium text-red-800">
        {total.toLocaleString("en-GB")} line{total === 1 ? "" : "s"} rejected{rows.length < total ? ` (the first ${rows.length} listed)` : ""}
      </h3>
      <div className="mt-1 max-h-64 overflow-auto rounded border border-red-200">
        <table className="w-full text-left text-sm">
          <thead className="sticky top-0 bg-red-50 text-red-900">
            <tr>
              <th scope="col" className="px-2 py-1">Line</th>
              <th scope="col" className="px-2 py-1">Column</th>
              <th scope="col" className="px-2 py-1">Reason</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} className="border-t border-red-100 align-top">
                <td className="px-2 py-1 tabular-nums">{r.line ?? (r.index !== undefined ? `row ${r.index}` : "—")}</td>
                <td className="px-2 py-1 break-words">{r.source_column ?? r.column ?? r.field}</td>
                <td className="px-2 py-1 break-words">{r.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
