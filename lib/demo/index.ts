// Public entry of the demo plant generator (plain TypeScript: no Next.js, no database).
export type * from "./types";
export { createDemoPlant, generateDemoDays } from "./generator";
export { isInAnomaly } from "./anomalies";
export { COMPRESSOR_1_ID, MACHINE_SPECS, machineId } from "./machines";
export { plantHolidays, easterDay } from "./schedule";
