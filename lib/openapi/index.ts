import type { ApiOperation } from "./registry";
import { anomalyOperations } from "./anomaly";
import { authOperations } from "./auth";
import { baselineOperations } from "./baseline";
import { forecastOperations } from "./forecast";
import { healthOperations } from "./health";
import { importOperations } from "./import";
import { ingestOperations } from "./ingest";
import { jobOperations } from "./jobs";
import { kpiOperations } from "./kpi";
import { machineOperations } from "./machines";
import { referenceOperations } from "./reference";

/** Every documented operation. A new domain: write lib/openapi/<domain>.ts and add it here. */
export const apiOperations: ApiOperation[] = [
  ...healthOperations,
  ...referenceOperations,
  ...authOperations,
  ...ingestOperations,
  ...machineOperations,
  ...kpiOperations,
  ...baselineOperations,
  ...anomalyOperations,
  ...importOperations,
  ...jobOperations,
  ...forecastOperations,
];
