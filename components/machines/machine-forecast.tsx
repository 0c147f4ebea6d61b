"use client";

import { useQuery } from "@tanstack/react-query";
import { parseAsNumberLiteral, parseAsStringLiteral, useQueryStates } from "nuqs";
import Link from "next/link";
import { useMemo, type ReactNode } from "react";
import { ForecastChart, type ForecastRow } from "@/components/charts/forecast-chart";
import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiError } from "@/lib/api-client/fetch-json";
import { backtestQuery, forecastMethods, forecastQuery, type Forecast, type MethodScore } from "@/lib/api-client/forecast";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import type { ForecastReadiness } from "@/lib/forecast/readiness";
import { formatPlantDateTime, formatPlantDayMonth } from "@/lib/time/plant-time";

const HORIZONS = [24, 72, 168] as const;
const BACKTEST_WEEKS = 4;
const urlState = {
  forecast_hours: parseAsNumberLiteral(HORIZONS).withDefault(168),
  forecast_method: parseAsStringLiteral(forecastMethods).withDefault("auto"),
};
const pct = (v: number | null) => (v === null ? "—" : `${(100 * v).toFixed(1)} %`);
const methodName: Record<string, string> = { persistence: "Persistence (reference)", seasonal: "Seasonal", arima: "SARIMA", baseline: "Baseline", baseline_without_plan: "Baseline without plan", combined: "Baseline + seasonal (combined)", auto: "Best recent (auto)" };

const csvColumns = [
  { header: "time (UTC)", value: (p: Forecast["points"][number]) => p.time },
  { header: "expected (kWh)", value: (p: Forecast["points"][number]) => p.expected_kwh },
  { header: "lower_80 (kWh)", value: (p: Forecast["points"][number]) => p.lower_80 },
  { header: "upper_80 (kWh)", value: (p: Forecast["points"][number]) => p.upper_80 },
  { header: "lower_95 (kWh)", value: (p: Forecast["points"][number]) => p.lower_95 },
  { header: "upper_95 (kWh)", value: (p: Forecast["points"][number]) => p.upper_95 },
];

/**
 * The machine's hourly forecast with its bands, the method used and every method's backtest
 * accuracy; with less history than a forecast needs (`history`, decided on the server from the
 * readings' span), an empty state saying what is needed and what the machine has, and no request.
 */
export function MachineForecast({ machineId, machineName, timeZone, history }: { machineId: string; machineName: string; timeZone: string; history: ForecastReadiness }) {
  if (history.longReading !== null) {
    return (
      <Card title="Forecast" testId="machine-forecast">
        <EmptyState title="No hourly forecast for billed readings">
          {`Forecasts need readings of an hour or shorter; ${machineName} has a longer one (a bill or a daily read) from ${formatPlantDateTime(history.longReading, timeZone)} within the ${history.neededDays} days before its latest reading that a forecast reads. The energy chart above shows such readings at a coarser granularity.`}
        </EmptyState>
      </Card>
    );
  }
  if (!history.ready) {
    return (
      <Card title="Forecast" testId="machine-forecast">
        <EmptyState title="Not enough history to forecast yet">{tooLittleHistory(history, timeZone)}</EmptyState>
      </Card>
    );
  }
  return <ForecastPanel machineId={machineId} machineName={machineName} timeZone={timeZone} />;
}

/** What a forecast needs and what the machine has, in plant days ("… 8 days, since 22 Nov …"). */
function tooLittleHistory(h: ForecastReadiness, timeZone: string): ReactNode {
  const need = `Forecasts need ${h.neededDays} days of hourly readings (two weeks to choose the method on, two more days to measure its errors)`;
  if (h.firstReading === null || h.readyAt === null) {
    return (
      <>
        {need}; this machine has none yet.{" "}
        <Link className="text-sky-800 underline" href="/data">
          Upload its readings on the data page
        </Link>
        .
      </>
    );
  }
  const days = Math.floor(h.historyDays);
  const has = days < 1 ? "less than a day" : `${days} day${days === 1 ? "" : "s"}`;
  return (
    <>
      {`${need}; this machine has ${has}, since ${formatPlantDayMonth(h.firstReading, timeZone)}. The forecast appears here from ${formatPlantDayMonth(h.readyAt, timeZone)} if readings keep arriving, or sooner once older readings are `}
      <Link className="text-sky-800 underline" href="/data">
        uploaded on the data page
      </Link>
      .
    </>
  );
}

function ForecastPanel({ machineId, machineName, timeZone }: { machineId: string; machineName: string; timeZone: string }) {
  const [q, setQ] = useQueryStates(urlState, { history: "replace" });
  const forecast = useQuery(forecastQuery(machineId, q.forecast_hours, q.forecast_method));
  const backtest = useQuery(backtestQuery(machineId, BACKTEST_WEEKS));
  const rows = useMemo<ForecastRow[]>(
    () => (forecast.data?.points ?? []).map((p) => ({ t: Date.parse(p.time), expected: p.expected_kwh, band80: [p.lower_80, p.upper_80], band95: [p.lower_95, p.upper_95] })),
    [forecast.data],
  );
  const total = rows.reduce((s, r) => s + r.expected, 0);
  return (
    <Card
      title="Forecast"
      testId="machine-forecast"
      actions={<CsvDownload label={`${machineName} forecast`} fileName={csvFileName(machineName, "forecast", forecast.data?.origin.slice(0, 13))} disabled={!forecast.data} getCsv={() => buildCsv(csvColumns, forecast.data?.points ?? [])} />}
    >
      <form className="mb-3 flex flex-wrap items-end gap-x-4 gap-y-2 text-sm" onSubmit={(e) => e.preventDefault()} aria-label="Forecast horizon and method">
        <div role="group" aria-label="Horizon" className="flex flex-wrap gap-1">
          {HORIZONS.map((h) => (
            <button key={h} type="button" aria-pressed={q.forecast_hours === h} className={`rounded border px-2 py-1 focus-visible:outline-2 focus-visible:outline-sky-700 ${q.forecast_hours === h ? "border-sky-700 bg-sky-50" : "border-slate-300 hover:bg-slate-50"}`} onClick={() => void setQ({ forecast_hours: h })}>
              {`${h} h`}
            </button>
          ))}
        </div>
        <label className="flex items-center gap-1">
          Method
          <select aria-label="Forecast method" className="rounded border border-slate-300 px-2 py-1" value={q.forecast_method} onChange={(e) => void setQ({ forecast_method: e.target.value as (typeof forecastMethods)[number] })}>
            {forecastMethods.map((m) => (
              <option key={m} value={m}>
                {methodName[m]}
              </option>
            ))}
          </select>
        </label>
      </form>
      {forecast.error instanceof ApiError && forecast.error.status === 422 ? (
        // Too little history, or no usable model for the method: what to do, in the server's words.
        <EmptyState title="No forecast with this method yet">{forecast.error.message}</EmptyState>
      ) : forecast.isError ? (
        <ErrorBox error={forecast.error} action="No forecast" />
      ) : !forecast.data ? (
        <Skeleton className="h-72" label="Forecasting (auto backtests the methods first: a few seconds)" />
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-700" aria-live="polite">
            {methodName[forecast.data.method] ?? forecast.data.method} from {formatPlantDateTime(rows[0]!.t, timeZone)}: {total.toLocaleString("en-GB", { maximumFractionDigits: 0 })} kWh expected over {rows.length} h
          </p>
          <ForecastChart data={rows} timeZone={timeZone} label={`${machineName}: forecast (kWh per hour) with its 80 % and 95 % intervals`} />
          <details className="mt-2 text-xs text-slate-600">
            <summary className="cursor-pointer">Assumptions</summary>
            <ul className="mt-1 list-disc pl-5">
              {forecast.data.assumptions.map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
          </details>
        </>
      )}
      <h3 className="mt-4 text-sm font-medium">Backtest: the last {BACKTEST_WEEKS} weeks, each forecast a week ahead</h3>
      {backtest.error instanceof ApiError && backtest.error.status === 422 ? (
        <EmptyState title="Not enough history to backtest yet">{backtest.error.message}</EmptyState>
      ) : backtest.isError ? (
        <ErrorBox error={backtest.error} action="No backtest" />
      ) : !backtest.data ? (
        <Skeleton className="h-24" label="Backtesting the methods" />
      ) : (
        <BacktestTable scores={backtest.data.scores} used={forecast.data?.method} />
      )}
    </Card>
  );
}

function BacktestTable({ scores, used }: { scores: MethodScore[]; used: string | undefined }) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="px-2 py-1">Method</th>
            <th className="px-2 py-1 text-right">Weekly total error (MAPE)</th>
            <th className="px-2 py-1 text-right">Hourly CV(RMSE)</th>
            <th className="px-2 py-1 text-right">In 95 % band</th>
            <th className="px-2 py-1 text-right">Skill vs persistence</th>
          </tr>
        </thead>
        <tbody>
          {scores.map((s) => (
            <tr key={s.method} className={`border-t border-slate-100 ${s.method === used ? "bg-sky-50 font-medium" : ""}`}>
              <td className="px-2 py-1">
                {methodName[s.method] ?? s.method}
                {s.method === used ? <span className="sr-only"> (used for the forecast above)</span> : null}
              </td>
              <td className="px-2 py-1 text-right tabular-nums">{pct(s.weekly_total_mape)}</td>
              <td className="px-2 py-1 text-right tabular-nums">{pct(s.cv_rmse)}</td>
              <td className="px-2 py-1 text-right tabular-nums">{pct(s.coverage_95)}</td>
              <td className="px-2 py-1 text-right tabular-nums">{s.skill_vs_persistence === null ? "—" : s.skill_vs_persistence.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
