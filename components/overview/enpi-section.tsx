import type { Database } from "@/lib/db/types";
import { ErrorBox } from "@/components/ui/error-box";
import { overviewEnpi } from "@/lib/dashboard/overview-data";
import { cachedRead } from "@/lib/api/read-cache";
import { kpiReadings } from "@/lib/kpi/cache";
import type { Period } from "@/lib/dashboard/period";
import { plantDateInput } from "@/lib/time/plant-time";
import { EnpiCard } from "./enpi-card";

export async function EnpiSection({ db, period, timeZone }: { db: Database; period: Period; timeZone: string }) {
  let data;
  try {
    data = await cachedRead(db, `overview enpi ${period.from} ${period.to}`, kpiReadings(new Date(period.from), new Date(period.to)), () => overviewEnpi(db, period));
  } catch (error) {
    return <ErrorBox error={error} action="Could not compare with the baselines" />;
  }
  const rows = data.machines.map(({ machine_id, machine_name, form, model_version, reason, actual_kwh, expected_kwh, enpi, savings_kwh, savings_pct, ratio_enpi_kwh_per_unit }) => ({ machine_id, machine_name, form, model_version, reason, actual_kwh, expected_kwh, enpi, savings_kwh, savings_pct, ratio_enpi_kwh_per_unit }));
  return <EnpiCard rows={rows} period={`${plantDateInput(period.from, timeZone)}_${plantDateInput(period.to - 1, timeZone)}`} />;
}
