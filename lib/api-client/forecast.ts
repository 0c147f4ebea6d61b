import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { fetchJson } from "./fetch-json";

// The forecast API (POST /api/v1/forecast, /api/v1/forecast/backtest), answers parsed with their shapes.

export const forecastMethods = ["auto", "seasonal", "arima", "baseline", "combined"] as const;
export type ForecastMethod = (typeof forecastMethods)[number];

const pointSchema = z.object({ time: z.string(), expected_kwh: z.number(), lower_80: z.number(), upper_80: z.number(), lower_95: z.number(), upper_95: z.number() });
const forecastSchema = z.object({
  machine_id: z.string(),
  method: z.string(),
  requested_method: z.string(),
  time_zone: z.string(),
  origin: z.string(),
  last_reading_end: z.string(),
  horizon_hours: z.number(),
  points: z.array(pointSchema),
  assumptions: z.array(z.string()),
});
export type Forecast = z.infer<typeof forecastSchema>;

const scoreSchema = z.object({
  method: z.string(),
  mape: z.number().nullable(),
  cv_rmse: z.number().nullable(),
  weekly_total_mape: z.number().nullable(),
  coverage_80: z.number().nullable(),
  coverage_95: z.number().nullable(),
  skill_vs_persistence: z.number().nullable(),
  hours: z.number(),
});
export type MethodScore = z.infer<typeof scoreSchema>;
const backtestSchema = z.object({
  weeks: z.number(),
  origins: z.array(z.string()),
  scores: z.array(scoreSchema),
  best_method: z.string().nullable(),
  excluded: z.array(z.object({ method: z.string(), reason: z.string() })),
});
export type Backtest = z.infer<typeof backtestSchema>;

export const forecastQuery = (machineId: string, horizonHours: number, method: ForecastMethod) =>
  queryOptions({
    queryKey: ["forecast", machineId, horizonHours, method],
    queryFn: ({ signal }) => fetchJson("/api/v1/forecast", forecastSchema, { json: { machine_id: machineId, horizon_hours: horizonHours, method }, signal }),
    staleTime: 5 * 60_000,
  });

export const backtestQuery = (machineId: string, weeks: number) =>
  queryOptions({
    queryKey: ["forecast", "backtest", machineId, weeks],
    queryFn: ({ signal }) => fetchJson("/api/v1/forecast/backtest", backtestSchema, { json: { machine_id: machineId, weeks }, signal }),
    staleTime: 30 * 60_000,
  });
