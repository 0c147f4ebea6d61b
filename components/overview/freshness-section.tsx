import Link from "next/link";
import type { Database } from "@/lib/db/types";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { FRESHNESS_DAYS, overviewFreshness } from "@/lib/dashboard/overview-data";
import { cachedRead } from "@/lib/api/read-cache";
import { formatAge, freshnessSummary, type FreshnessStatus } from "@/lib/dashboard/freshness";
import { formatPlantDateTime, formatTick } from "@/lib/time/plant-time";
import { FreshnessCsv } from "./freshness-csv";

const badge: Record<FreshnessStatus, { text: string; icon: string; cls: string }> = {
  live: { text: "live", icon: "●", cls: "bg-emerald-50 text-emerald-900 border-emerald-300" },
  late: { text: "late", icon: "◐", cls: "bg-amber-50 text-amber-900 border-amber-300" },
  silent: { text: "silent", icon: "✕", cls: "bg-red-50 text-red-900 border-red-400 font-semibold" },
  never: { text: "no readings", icon: "○", cls: "bg-slate-50 text-slate-700 border-slate-300" },
};

// Coverage cells: the share in text (never colour alone), shaded darker the less is covered.
const cellClass = (c: number | null) => (c === null ? "text-slate-400" : c >= 0.99 ? "bg-emerald-50 text-emerald-900" : c >= 0.9 ? "bg-amber-50 text-amber-900" : "bg-red-100 text-red-900 font-semibold");

/** Per meter: its latest reading, how old it is, and the coverage of each of the last days; silent meters first. */
export async function FreshnessSection({ db, timeZone }: { db: Database; timeZone: string }) {
  let data;
  try {
    // Any new reading of the last days (or later) drops it; ages are at most the cache's TTL old.
    data = await cachedRead(db, `overview freshness ${timeZone}`, { readings: { machineIds: "all", from: Date.now() - (FRESHNESS_DAYS + 2) * 86_400_000 } }, () => overviewFreshness(db, timeZone));
  } catch (error) {
    return <ErrorBox error={error} action="Could not read the meters' latest readings" />;
  }
  return (
    <Card
      title={`Data freshness and coverage (last ${FRESHNESS_DAYS} days, ${timeZone})`}
      testId="freshness-card"
      actions={<FreshnessCsv rows={data.rows.map((r) => ({ name: r.name, status: r.freshness.status, lastEndMs: r.lastEndMs, ageMs: r.freshness.ageMs, coverage: r.coverage }))} days={data.days} timeZone={timeZone} />}
    >
      {data.rows.length === 0 ? (
        <EmptyState title="No meters yet">
          <Link className="text-sky-800 underline" href="/data">
            Add machines and upload readings on the data page
          </Link>
          .
        </EmptyState>
      ) : (
        <>
          <p className="mb-2 text-sm" data-testid="freshness-summary">
            {freshnessSummary(data.rows.map((r) => r.freshness.status))} Today counts against the hours passed so far.
          </p>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-xs" data-testid="freshness-table">
              <thead>
                <tr className="text-slate-600">
                  <th scope="col">Meter (machine)</th>
                  <th scope="col">Status</th>
                  <th scope="col">Latest reading ends</th>
                  {data.days.map((d) => (
                    <th key={d} scope="col" className="text-right">
                      {formatTick(d, "day", timeZone)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => {
                  const b = badge[r.freshness.status];
                  return (
                    <tr key={r.machineId} className="border-t border-slate-100" data-testid="freshness-row" data-status={r.freshness.status} data-machine-id={r.machineId}>
                      <th scope="row" className="py-1 font-normal">
                        <Link className="text-sky-800 underline" href={`/machines/${r.machineId}`}>
                          {r.name}
                        </Link>
                      </th>
                      <td className="py-1">
                        <span className={`inline-block rounded border px-1.5 ${b.cls}`}>
                          <span aria-hidden="true">{b.icon} </span>
                          {b.text}
                        </span>
                      </td>
                      <td className="py-1 whitespace-nowrap">{r.lastEndMs === null ? "—" : `${formatAge(r.freshness.ageMs)} ago`}<span className="sr-only">{r.lastEndMs === null ? "" : `, ${formatPlantDateTime(r.lastEndMs, timeZone)}`}</span></td>
                      {r.coverage.map((c, i) => (
                        <td key={i} className={`px-1 py-1 text-right tabular-nums ${cellClass(c)}`}>
                          {c === null ? "—" : `${Math.floor(100 * c)} %`}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="mt-1 text-xs text-slate-500">Live: the latest reading ends within two meter intervals and 15 minutes; late: within a day (two for daily meters); silent: older.</p>
        </>
      )}
    </Card>
  );
}
