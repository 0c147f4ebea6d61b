import type { ApiOperation } from "./registry";
import { baselineOperations } from "./baseline";
import { healthOperations } from "./health";
import { ingestOperations } from "./ingest";
import { kpiOperations } from "./kpi";
import { machineOperations } from "./machines";
import { referenceOperations } from "./reference";

/** Every documented operation. A new domain: write lib/openapi/<domain>.ts and add it here. */
export const apiOperations: ApiOperation[] = [
  ...healthOperations,
  ...referenceOperations,
  ...ingestOperations,
  ...machineOperations,
  ...kpiOperations,
  ...baselineOperations,
];
