import type { Database } from "@/lib/db/types";
import { ErrorBox } from "@/components/ui/error-box";
import { overviewBucket, overviewEnergy } from "@/lib/dashboard/overview-data";
import { cachedRead } from "@/lib/api/read-cache";
import { kpiReadings } from "@/lib/kpi/cache";
import type { Period } from "@/lib/dashboard/period";
import type { Granularity } from "@/lib/timeseries/granularity";
import { plantDateInput } from "@/lib/time/plant-time";
import { ParetoCard, StackedEnergyCard } from "./energy-cards";

/** Energy over time stacked by machine and the Pareto of consumers, side by side on wide screens. */
export async function EnergySection({ db, period, timeZone, granularity }: { db: Database; period: Period; timeZone: string; granularity: Granularity | null }) {
  let data;
  try {
    const bucket = granularity ?? overviewBucket(period);
    // Weekly buckets are whole and may reach past the period: the dependency spans a week more.
    const reach = 7 * 86_400_000;
    data = await cachedRead(db, `overview energy ${period.from} ${period.to} ${bucket} ${timeZone}`, kpiReadings(new Date(period.from - reach), new Date(period.to + reach)), () => overviewEnergy(db, period, bucket, timeZone));
  } catch (error) {
    return <ErrorBox error={error} action="Could not read the plant's energy" />;
  }
  const label = `${plantDateInput(period.from, timeZone)}_${plantDateInput(period.to - 1, timeZone)}`;
  return (
    <div className="grid min-w-0 gap-4 lg:grid-cols-5">
      <div className="min-w-0 lg:col-span-3">
        <StackedEnergyCard machines={data.machines} absent={data.absent} rows={data.rows} bucket={data.bucket} from={period.from} to={period.to} timeZone={timeZone} period={label} />
      </div>
      <div className="min-w-0 lg:col-span-2">
        <ParetoCard rows={data.pareto} period={label} />
      </div>
    </div>
  );
}
