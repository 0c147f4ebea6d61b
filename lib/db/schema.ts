export * from "./schema/core";
export * from "./schema/readings";
export * from "./schema/baseline";
export * from "./schema/kpi";
export * from "./schema/anomaly";
export * from "./schema/jobs";
export * from "./schema/import";
export * from "./schema/auth";
