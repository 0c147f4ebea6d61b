import { NoMachinesYet } from "@/components/ui/no-machines";
import { Suspense } from "react";
import { createLoader, type SearchParams } from "nuqs/server";
import { GranularitySelect } from "@/components/dashboard/granularity-select";
import { PeriodPicker } from "@/components/dashboard/period-picker";
import { AnomaliesSlot } from "@/components/overview/anomalies-slot";
import { EnergySection } from "@/components/overview/energy-section";
import { EnpiSection } from "@/components/overview/enpi-section";
import { FreshnessSection } from "@/components/overview/freshness-section";
import { KpiSection } from "@/components/overview/kpi-section";
import { Skeleton } from "@/components/ui/skeleton";
import { getDb } from "@/lib/db/client";
import { listMachines } from "@/lib/db/queries/machines";
import { REPORT_DAYS } from "@/lib/dashboard/defaults";
import { resolvePeriod } from "@/lib/dashboard/period";
import { overviewParsers } from "@/lib/dashboard/url-state";
import { getPlantSite } from "@/lib/plant-site";
import { cachedRead } from "@/lib/api/read-cache";
import { formatPlantRange } from "@/lib/time/plant-time";

export const dynamic = "force-dynamic";

const loadParams = createLoader(overviewParsers);

export default async function HomePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const db = await getDb();
  // The site and machines change only through writes other than readings, which drop these (lib/api/read-cache.ts).
  const [q, site, machines] = await Promise.all([loadParams(searchParams), getPlantSite(db), cachedRead(db, "machines", {}, () => listMachines(db))]);
  const tz = site.timeZone;
  const period = resolvePeriod(q.start_date, q.end_date, REPORT_DAYS, tz);
  // A new period remounts the sections, so each shows its skeleton until its figures arrive.
  const key = `${period.from}-${period.to}-${q.granularity ?? "auto"}`;
  return (
    <section className="flex min-w-0 flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Plant overview</h1>
          <p className="text-sm text-slate-600" data-testid="overview-period">
            {formatPlantRange(period.from, period.to, tz)} ({tz}){period.isDefault ? ", the last 7 complete days" : ""}
          </p>
        </div>
        <PeriodPicker timeZone={tz} shallow={false}>
          <GranularitySelect shallow={false} allowAuto label="Energy chart buckets" />
        </PeriodPicker>
      </div>
      {machines.length === 0 ? (
        <NoMachinesYet next=", or run npm run demo for a demo plant." />
      ) : (
        <>
          <Suspense key={`kpi-${key}`} fallback={<Skeleton className="h-40" label="Computing the plant's KPIs" />}>
            <KpiSection db={db} period={period} timeZone={tz} />
          </Suspense>
          <Suspense key={`energy-${key}`} fallback={<Skeleton className="h-80" label="Reading the plant's energy" />}>
            <EnergySection db={db} period={period} timeZone={tz} granularity={q.granularity} />
          </Suspense>
          <div className="grid min-w-0 gap-4 lg:grid-cols-2">
            <Suspense key={`enpi-${key}`} fallback={<Skeleton className="h-64" label="Comparing with the baselines" />}>
              <EnpiSection db={db} period={period} timeZone={tz} />
            </Suspense>
            <Suspense fallback={<Skeleton className="h-64" label="Reading the open anomalies" />}>
              <AnomaliesSlot db={db} timeZone={tz} />
            </Suspense>
          </div>
          <Suspense fallback={<Skeleton className="h-64" label="Reading the meters' latest readings" />}>
            <FreshnessSection db={db} timeZone={tz} />
          </Suspense>
        </>
      )}
    </section>
  );
}
