import { backtestSchema, forecastSchema, planSchema } from "@/lib/validation/forecast";
import { operations } from "./registry";

export const forecastOperations = operations(
  {
    method: "post",
    path: "/api/v1/forecast",
    tag: "forecast",
    summary: "Hourly energy forecast of a machine or the plant, with 80 % and 95 % prediction intervals",
    description: "Methods baseline, seasonal, arima, combined (a weighted average of baseline and seasonal, the weight fitted on the weeks before the origin) or auto (the best recent backtest); `drivers` gives planned production and a temperature forecast to the baseline and combined methods; drivers not given are read from the stored plan (table planned_drivers, the latest issue at or before the origin), else assumed from history (the assumptions say which).",
    body: { schema: forecastSchema },
    responses: { 200: "`{machine_id, method, points: [{time, expected_kwh, lower_80, upper_80, lower_95, upper_95}], assumptions, time_zone, origin}`", 404: "No such machine", 422: "The method cannot forecast this machine (no active hourly baseline, too little history)" },
  },
  {
    method: "post",
    path: "/api/v1/forecast/backtest",
    tag: "forecast",
    summary: "Each method scored over rolling weekly origins (MAPE, CV(RMSE), interval coverage) beside weekly persistence",
    description: "The baseline reads the stored plan and weather forecasts as published at or before each origin (`planned_inputs: false`: drivers assumed from history); with a plan, `baseline_without_plan` scores the same model without it. `baseline_ex_post: true` adds the baseline fed the metered drivers (a bound, not a forecast).",
    body: { schema: backtestSchema },
    responses: { 200: "`{origins, skipped_origins, scores: [{method, mape, cv_rmse, nmbe, weekly_total_mape, coverage_80, coverage_95, skill}]}`", 404: "No such machine", 422: "No origin could be scored (too little history)" },
  },
  {
    method: "post",
    path: "/api/v1/forecast/plans",
    tag: "forecast",
    summary: "Stores a machine's planned driver values (production plan, set-points, weather forecast) as published at issued_at",
    description: "One driver, one value per whole hour. Forecasts and backtests read, for each hour, the latest issue at or before their origin; a revision is a new issue_at. All or nothing.",
    body: { schema: planSchema },
    responses: { 201: "`{machine_id, driver, issued_at, stored}`", 400: "A field is invalid (named)", 404: "No such machine" },
  },
);
