import type { Database } from "@/lib/db/types";
import { ErrorBox } from "@/components/ui/error-box";
import { coverageNote, kpiCards, type KpiCard } from "@/lib/dashboard/kpi-cards";
import { overviewKpis } from "@/lib/dashboard/overview-data";
import { cachedRead } from "@/lib/api/read-cache";
import { kpiReadings } from "@/lib/kpi/cache";
import { previousPeriod } from "@/lib/dashboard/period";
import type { Period } from "@/lib/dashboard/period";
import { formatPlantDateTime, formatPlantRange, plantDateInput } from "@/lib/time/plant-time";
import { KpiCsv } from "./kpi-csv";

const shown = (c: KpiCard, v: number | null) => (v === null ? "—" : (c.percent ? 100 * v : v).toLocaleString("en-GB", { maximumFractionDigits: c.digits, minimumFractionDigits: c.digits }));

const toneText = { better: "better", worse: "worse", neutral: "about the same" } as const;
const toneClass = { better: "text-emerald-800", worse: "text-red-800", neutral: "text-slate-600" } as const;

function ChangeLine({ c }: { c: KpiCard }) {
  if (!c.change) return <p className="text-xs text-slate-500">no figure for the previous period</p>;
  const arrow = c.change.delta > 0 ? "▲" : c.change.delta < 0 ? "▼" : "■";
  const pct = c.change.pct === null ? "" : ` (${c.change.pct > 0 ? "+" : ""}${c.change.pct.toFixed(1)} %)`;
  const delta = `${c.change.delta > 0 ? "+" : c.change.delta < 0 ? "−" : "±"}${shown(c, Math.abs(c.change.delta))}${c.percent ? " points" : ` ${c.unit}`}`;
  return (
    <p className={`text-xs ${toneClass[c.tone]}`} data-testid="kpi-change" data-pct={c.change.pct ?? ""}>
      <span aria-hidden="true">{arrow} </span>
      {delta}
      {pct} · {toneText[c.tone]}
    </p>
  );
}

/** The plant's KPIs over the period, each with its change against the previous period of the same length. */
export async function KpiSection({ db, period, timeZone }: { db: Database; period: Period; timeZone: string }) {
  let data;
  try {
    // The same figures for every viewer of this period until a write touches it (lib/api/read-cache.ts).
    const prev = previousPeriod(period, timeZone);
    data = await cachedRead(db, `overview kpis ${period.from} ${period.to} ${timeZone}`, kpiReadings(new Date(prev.from), new Date(period.to)), () => overviewKpis(db, period, timeZone));
  } catch (error) {
    return <ErrorBox error={error} action="Could not compute the plant's KPIs" />;
  }
  const cards = kpiCards(data.current, data.previous);
  const note = coverageNote(data.current, data.previous);
  const prevLabel = formatPlantRange(data.previousPeriod.from, data.previousPeriod.to, timeZone);
  return (
    <section aria-labelledby="kpi-heading" className="min-w-0">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="kpi-heading" className="font-medium">
          Plant KPIs <span className="text-sm font-normal text-slate-600">against {prevLabel}</span>
        </h2>
        <KpiCsv cards={cards.map(({ key, label, value, previous, unit, digits, percent }) => ({ key, label, value, previous, unit, digits, percent: percent ?? false }))} period={formatPlantRange(period.from, period.to, timeZone)} previous={prevLabel} timeZone={timeZone} fileStem={`${plantDateInput(period.from, timeZone)}_${plantDateInput(period.to - 1, timeZone)}`} />
      </div>
      <ul className="grid min-w-0 grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4" data-testid="kpi-cards">
        {cards.map((c) => (
          <li key={c.key} className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid="kpi-card" data-kpi={c.key} data-value={c.value ?? ""}>
            <p className="text-sm text-slate-600">{c.label}</p>
            <p className="mt-1 text-2xl font-semibold tabular-nums">
              {shown(c, c.value)} <span className="text-sm font-normal text-slate-600">{c.value === null ? "" : c.unit}</span>
            </p>
            {c.value === null ? (
              <p className="text-xs text-slate-600" data-testid="kpi-absent">
                {c.absent ?? "no figure for this period"}
              </p>
            ) : (
              <ChangeLine c={c} />
            )}
            {c.at ? <p className="text-xs text-slate-500">15-min interval from {formatPlantDateTime(Date.parse(c.at), timeZone)}</p> : null}
            {c.note ? <p className="text-xs text-slate-500">{c.note}</p> : null}
          </li>
        ))}
      </ul>
      {note ? <p className="mt-2 text-xs text-amber-800">{note}</p> : null}
    </section>
  );
}
