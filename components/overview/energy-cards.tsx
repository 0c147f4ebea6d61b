"use client";

import { ParetoChart } from "@/components/charts/pareto-chart";
import { StackedEnergyChart, type StackSeries } from "@/components/charts/stacked-energy-chart";
import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import { EmptyState } from "@/components/ui/empty-state";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import { seriesColours, palette } from "@/lib/dashboard/defaults";
import { vitalFew, type ParetoRow } from "@/lib/dashboard/pareto";
import type { StackRow } from "@/lib/dashboard/stack";
import { topWithOther } from "@/lib/dashboard/stack";
import { partialBucketStart, partialCell } from "@/lib/dashboard/partial";
import { toPlantIso } from "@/lib/time/plant-time";
import { canonicalGranularity, nominalMs } from "@/lib/timeseries/granularity";
import Link from "next/link";

const OTHER = "__other";
const SHOWN = 6;

/** Energy over time stacked by machine: the six largest consumers in colours of their own, the rest as one grey band. */
export function StackedEnergyCard({ machines, absent = [], rows, bucket, from, to, timeZone, period }: { machines: { id: string; name: string; kwh: number | null }[]; absent?: { id: string; name: string; reason: string }[]; rows: StackRow[]; bucket: string; from: number; to: number; timeZone: string; period: string }) {
  const { shown, other } = topWithOther(machines, SHOWN);
  const byId = new Map(machines.map((m) => [m.id, m]));
  const series: StackSeries[] = shown.map((id, i) => ({ key: id, name: byId.get(id)!.name, colour: seriesColours[i]! }));
  if (other.length) series.push({ key: OTHER, name: `${other.length} other machines`, colour: palette.grey });
  const data = rows.map((r) => {
    const row: { t: number } & Record<string, number | null> = { t: r.t };
    for (const id of shown) row[id] = r[id] ?? null;
    if (other.length) row[OTHER] = other.reduce<number | null>((s, id) => (r[id] === null || r[id] === undefined ? s : (s ?? 0) + r[id]), null);
    return row;
  });
  const hasData = rows.some((r) => r.total !== null);
  const partial = partialBucketStart(rows.map((r) => r.t), to, Date.now());
  return (
    <Card
      title={`Energy by machine, ${bucket} (kWh)`}
      testId="stacked-energy-card"
      actions={
        <CsvDownload
          label="energy by machine"
          fileName={csvFileName("plant", "energy-by-machine", bucket, period)}
          disabled={!hasData}
          getCsv={() =>
            buildCsv(
              [
                { header: `bucket start (${timeZone})`, value: (r: StackRow) => toPlantIso(r.t, timeZone) },
                ...machines.map((m) => ({ header: `${m.name} (kWh)`, value: (r: StackRow) => r[m.id] })),
                { header: "total (kWh)", value: (r: StackRow) => r.total },
                { header: "partial", value: (r: StackRow) => partialCell(r.t, partial) },
              ],
              rows,
            )
          }
        />
      }
    >
      {hasData ? (
        <div data-testid="stacked-energy-chart" className="min-w-0">
          <StackedEnergyChart data={data} series={series} from={from} to={to} timeZone={timeZone} partial={partial} bucketMs={nominalMs[canonicalGranularity(bucket) ?? "daily"]} label={`Energy by machine, ${bucket} (kWh)`} />
          <p className="mt-1 text-xs text-slate-500">CSV: every machine in its own column, full precision (data){partial !== null ? "; the shaded last bucket is still filling (partial)" : ""}.</p>
        </div>
      ) : absent.length > 0 ? null : (
        <EmptyState title="No energy readings in this period">
          Pick another period above, or <Link className="text-sky-800 underline" href="/data">send readings on the data page</Link>.
        </EmptyState>
      )}
      {absent.length > 0 ? (
        <div className="mt-2 rounded border border-amber-200 bg-amber-50 p-2 text-xs text-amber-900" data-testid="stacked-energy-absent">
          <p className="font-medium">Left out of this chart ({absent.length === 1 ? "1 machine" : `${absent.length} machines`}):</p>
          <ul className="mt-1 list-disc pl-4">
            {absent.map((a) => (
              <li key={a.id} data-machine-id={a.id}>
                <Link className="text-sky-800 underline" href={`/machines/${a.id}`}>
                  {a.name}
                </Link>
                {a.reason.slice(a.name.length)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}

/** Consumers ranked by energy with the cumulative share; the few that make up 80 % are named. */
export function ParetoCard({ rows, period }: { rows: ParetoRow[]; period: string }) {
  const few = vitalFew(rows);
  return (
    <Card
      title="Pareto of consumers (kWh, cumulative %)"
      testId="pareto-card"
      actions={
        <CsvDownload
          label="Pareto of consumers"
          fileName={csvFileName("plant", "pareto", period)}
          disabled={rows.length === 0}
          getCsv={() =>
            buildCsv(
              [
                { header: "rank", value: (r: ParetoRow) => rows.indexOf(r) + 1 },
                { header: "machine", value: (r: ParetoRow) => r.name },
                { header: "energy (kWh)", value: (r: ParetoRow) => r.value },
                { header: "share (%)", value: (r: ParetoRow) => 100 * r.share },
                { header: "cumulative share (%)", value: (r: ParetoRow) => 100 * r.cumulative },
              ],
              rows,
            )
          }
        />
      }
    >
      {rows.length === 0 ? (
        <EmptyState title="No consumption in this period">Pick a period with readings.</EmptyState>
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-700">
            {rows.length === 1 ? "1 machine uses 100 % of the energy." : `${few} of ${rows.length} machines use ${(100 * rows[few - 1]!.cumulative).toFixed(0)} % of the energy.`}
          </p>
          <div className="min-w-0" data-testid="pareto-chart">
            <ParetoChart rows={rows} label="Pareto of consumers (kWh, cumulative %)" />
          </div>
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer text-sky-800">Table</summary>
            <table className="mt-2 w-full text-left text-xs" data-testid="pareto-table">
              <thead>
                <tr className="text-slate-600">
                  <th scope="col">#</th>
                  <th scope="col">Machine</th>
                  <th scope="col" className="text-right">kWh</th>
                  <th scope="col" className="text-right">cumulative %</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={r.id} data-testid="pareto-row" data-machine-id={r.id}>
                    <td>{i + 1}</td>
                    <td>
                      <Link className="text-sky-800 underline" href={`/machines/${r.id}`}>
                        {r.name}
                      </Link>
                    </td>
                    <td className="text-right tabular-nums">{r.value.toLocaleString("en-GB", { maximumFractionDigits: 0 })}</td>
                    <td className="text-right tabular-nums">{(100 * r.cumulative).toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          <p className="mt-1 text-xs text-slate-500">CSV: full precision (data).</p>
        </>
      )}
    </Card>
  );
}
