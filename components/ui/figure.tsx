/**
 * One labelled figure in a tile (a `<dt>`/`<dd>` pair; place it inside a `<dl>`): the fit
 * statistics of the studio, a reporting period's totals, a machine's KPIs. `size="large"` for the
 * headline statistics. `testId` names the value for the e2e tests.
 */
export function Figure({ label, value, testId, size = "normal" }: { label: string; value: string; testId: string; size?: "normal" | "large" }) {
  return (
    <div className="min-w-0 rounded border border-slate-200 px-3 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`${size === "large" ? "text-lg " : ""}font-semibold tabular-nums`} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
