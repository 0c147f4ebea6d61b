// Per-machine generator state: the truth flattened to plain numbers for the hot loop.
import type { MachineSpec } from "./machines";
import { ProducerSim } from "./production";
import { Rng } from "./random";
import type { AnomalyLabel, MachineState } from "./types";

/** Share of the hourly noise variance that is fast per-minute jitter (the rest moves per hour). */
const JITTER_SHARE = 0.02;

/** Roles as small integers: the hot loop switches on them once per machine and minute. */
export const Role = { Producer: 0, AirMain: 1, AirTrim: 2, Conveyor: 3, Pump: 4, Cooling: 5, Heating: 6, Always: 7 } as const;
type RoleCode = (typeof Role)[keyof typeof Role];
const ROLE: Record<MachineSpec["role"], RoleCode> = {
  producer: Role.Producer,
  air_main: Role.AirMain,
  air_trim: Role.AirTrim,
  conveyor: Role.Conveyor,
  pump: Role.Pump,
  cooling: Role.Cooling,
  heating: Role.Heating,
  always: Role.Always,
};

/** Per-machine generator state with the truth flattened to numbers for the hot loop. */
export interface Unit {
  id: string;
  role: RoleCode;
  rng: Rng;
  producer: ProducerSim | null;
  anomalies: AnomalyLabel[];
  intercept: number;
  cCount: number;
  cTemp: number;
  cPressure: number;
  cRunning: number;
  cThroughput: number;
  heatingBalance: number;
  heatingSlope: number;
  coolingBalance: number;
  coolingSlope: number;
  hourNoiseSd: number;
  jitterSd: number;
  hourNoise: number;
  rippleKw: number;
  halfRipple: number;
  ratedKw: number;
  indoorBaseC: number;
  productionHeat: number;
  reportsOutput: boolean;
  state: MachineState;
  count: number;
  good: number;
  reject: number;
  throughput: number;
}

export function makeUnit(spec: MachineSpec, seed: number, anomalies: AnomalyLabel[]): Unit {
  const t = spec.truth;
  const c = t.coefficients;
  const id = spec.machine.id;
  return {
    id,
    role: ROLE[spec.role],
    rng: Rng.derive(seed, `machine:${id}`),
    producer: spec.role === "producer" ? new ProducerSim(spec.products, spec.shiftProbability, Rng.derive(seed, `production:${id}`)) : null,
    anomalies: anomalies.filter((a) => a.machineId === id),
    intercept: t.intercept,
    cCount: c.total_production_count ?? 0,
    cTemp: c.avg_outdoor_temp_c ?? 0,
    cPressure: c.avg_pressure_bar ?? 0,
    cRunning: c.running_hours ?? 0,
    cThroughput: c.avg_throughput ?? 0,
    heatingBalance: t.heatingBalanceC ?? 0,
    heatingSlope: t.heatingSlope ?? 0,
    coolingBalance: t.coolingBalanceC ?? 0,
    coolingSlope: t.coolingSlope ?? 0,
    hourNoiseSd: t.noiseSdKwh * Math.sqrt(1 - JITTER_SHARE),
    jitterSd: t.noiseSdKwh * Math.sqrt(JITTER_SHARE / 60),
    hourNoise: 0,
    rippleKw: spec.rippleKw,
    halfRipple: spec.ripplePeriodMin / 2,
    ratedKw: spec.machine.ratedPowerKw,
    indoorBaseC: spec.indoorBaseC,
    productionHeat: spec.machine.area.startsWith("Production") ? 1 : 0.3,
    reportsOutput: spec.role === "producer" || spec.role === "air_main",
    state: "off",
    count: 0,
    good: 0,
    reject: 0,
    throughput: 0,
  };
}
