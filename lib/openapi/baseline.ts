import { deviationQuerySchema, deviationSchema, fitQuerySchema, healthQuerySchema, modelIdSchema, modelListQuerySchema, predictSchema, screenSchema, suggestSchema, trainSchema } from "@/lib/validation/baseline";
import { importSchema } from "@/lib/analytics/baseline/service";
import { operations } from "./registry";

const model = "The model: `model_id, model_version, machine_id, drivers, coefficients, intercept, r_squared, cv_rmse, nmbe, quality_checks, …`";

export const baselineOperations = operations(
  { method: "post", path: "/api/v1/baseline/train", tag: "baseline", summary: "Fits a baseline on the chosen drivers and stores it as a new version", body: { schema: trainSchema }, responses: { 201: model, 404: "No such machine", 422: "Not enough data to fit" } },
  { method: "post", path: "/api/v1/baseline/fit", tag: "baseline", summary: "The train request fitted without storing it, with fitted values and residuals per bucket (buckets=columns: as `bucket_columns: {time_ms, actual, fitted, drivers}`, residual = actual − fitted)", query: fitQuerySchema, body: { schema: trainSchema }, responses: { 200: model, 404: "No such machine", 422: "Not enough data to fit" } },
  { method: "post", path: "/api/v1/baseline/suggest", tag: "baseline", summary: "Ranked driver candidates and the suggested set (stepwise selection)", body: { schema: suggestSchema }, responses: { 200: "`{candidates, suggested, …}`", 404: "No such machine", 422: "No energy data in the window" } },
  { method: "post", path: "/api/v1/baseline/screen", tag: "baseline", summary: "Every candidate driver against the current selection: correlation, ΔR² of toggling it, p-value and VIF", body: { schema: screenSchema }, responses: { 200: "One row per candidate driver", 404: "No such machine", 422: "No energy data in the window" } },
  { method: "get", path: "/api/v1/baseline/models", tag: "baseline", summary: "The versions of a machine's baselines, newest first", query: modelListQuerySchema, responses: { 200: "A list of models" } },
  { method: "get", path: "/api/v1/baseline/models/{model_id}", tag: "baseline", summary: "One model with its statistics and quality checks", params: { model_id: modelIdSchema }, responses: { 200: model, 404: "No such model" } },
  { method: "post", path: "/api/v1/baseline/models/{model_id}/activate", tag: "baseline", summary: "Makes a model its machine's only active one", params: { model_id: modelIdSchema }, responses: { 200: model, 404: "No such model" } },
  { method: "get", path: "/api/v1/baseline/models/{model_id}/export", tag: "baseline", summary: "The model as a JSON document that imports and predicts identically", params: { model_id: modelIdSchema }, responses: { 200: "The model document", 404: "No such model" } },
  {
    method: "get",
    path: "/api/v1/baseline/models/{model_id}/health",
    tag: "baseline",
    summary: "Model health: CV(RMSE) and NMBE of the 30 days before as_of against the thresholds the model was accepted under, with a drift flag",
    params: { model_id: modelIdSchema },
    query: healthQuerySchema,
    responses: { 200: "`{status: ok|drift|fails_checks|insufficient_data, label, quality_checks_passed, failed_checks: [{name, value, threshold, text}], drift, reasons, cv_rmse, nmbe, buckets, thresholds, at_training, window, warnings}`; ok only for a model that passed every acceptance check", 404: "No such model" },
  },
  { method: "post", path: "/api/v1/baseline/models/import", tag: "baseline", summary: "Stores an exported model as a new version of its machine", body: { schema: importSchema }, responses: { 201: model, 404: "No such machine" } },
  { method: "post", path: "/api/v1/baseline/predict", tag: "baseline", summary: "Expected energy for driver values, with prediction intervals", body: { schema: predictSchema }, responses: { 200: "`{predictions: [{expected, lower, upper}], units}`", 404: "No such model", 422: "A feature the model cannot use (named)" } },
  {
    method: "post",
    path: "/api/v1/baseline/deviation",
    tag: "baseline",
    summary: "Actual vs expected per bucket, CUSUM, savings and their uncertainty",
    description: "`format` may come in the query or the body; `csv` gives the bucket columns.",
    query: deviationQuerySchema,
    body: { schema: deviationSchema },
    responses: { 200: "`{buckets, totals, unused, warnings, units}` or CSV", 404: "No such model, or the machine has no active model", 422: "Nothing in the window the model can predict" },
  },
  { method: "get", path: "/api/v1/baseline/drivers", tag: "baseline", summary: "The driver catalogue, granularities and model types", responses: { 200: "`{drivers, granularities, model_types}`" } },
);
