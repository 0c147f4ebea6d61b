// The demo plant's machines, their behaviour and their exact hourly energy models (truth).
import type { DemoMachine, DemoProduct, MachineTruth, MachineType } from "./types";

/** Deterministic ids: c0000000-0000-0000-0000-00000000000N (N in hex). */
export function machineId(n: number): string {
  return `c0000000-0000-0000-0000-${n.toString(16).padStart(12, "0")}`;
}

export const COMPRESSOR_1_ID = machineId(1);

/** How a machine's state (and, for producers, its output) is decided each minute. */
export type Role =
  | "producer" // makes parts in shifts: states, products, counts
  | "air_main" // base compressor: follows the plant's total output
  | "air_trim" // trim compressor: starts when compressed-air demand is high
  | "conveyor" // runs while the oven runs
  | "pump" // cooling water: runs whenever the plant is in a shift
  | "cooling" // running above the cooling balance point
  | "heating" // running below the heating balance point
  | "always"; // ventilation, IT

export interface ProductSpec {
  id: string;
  name: string;
  /** Parts per minute at nominal line speed. */
  ratePerMin: number;
  rejectRate: number;
}

export interface MachineSpec {
  machine: DemoMachine;
  role: Role;
  truth: MachineTruth;
  products: ProductSpec[];
  /** Chance that the early / late shift is staffed on a working day (order book). */
  shiftProbability: [number, number];
  /** Zero-sum ripple inside each clock hour (load/unload or thermostat cycling). */
  rippleKw: number;
  ripplePeriodMin: number;
  indoorBaseC: number;
}

const linear = (intercept: number, coefficients: Record<string, number>, noiseSdKwh: number): MachineTruth => ({
  model: Object.keys(coefficients).length ? "linear" : "none",
  granularity: "hourly",
  intercept,
  coefficients,
  noiseSdKwh,
  drivers: Object.keys(coefficients) as MachineTruth["drivers"],
});

function spec(
  n: number,
  name: string,
  type: MachineType,
  area: string,
  ratedPowerKw: number,
  role: Role,
  truth: MachineTruth,
  extra: Partial<Omit<MachineSpec, "machine" | "role" | "truth">> = {},
): MachineSpec {
  return {
    machine: { id: machineId(n), name, type, area, ratedPowerKw, countsOutput: role !== "air_main" },
    role,
    truth,
    products: [],
    shiftProbability: [1, 1],
    rippleKw: 0,
    ripplePeriodMin: 6,
    indoorBaseC: area === "Utilities" ? 22.5 : 21, // compressors warm the utility room
    ...extra,
  };
}

const products = (list: Array<[string, number, number]>): ProductSpec[] =>
  list.map(([name, ratePerMin, rejectRate]) => ({ id: name, name, ratePerMin, rejectRate }));

const UTIL = "Utilities";
const HALL_A = "Production Hall A";
const HALL_B = "Production Hall B";

/**
 * Coefficients are chosen so every per-minute energy stays positive (noise per minute is far
 * below the base load) and the drivers are clearly significant at hourly granularity.
 */
export const MACHINE_SPECS: readonly MachineSpec[] = [
  spec(1, "Compressor-1", "compressor", UTIL, 90, "air_main",
    linear(5, { total_production_count: 0.025, avg_outdoor_temp_c: 0.35, avg_pressure_bar: 3.2 }, 1.2),
    { rippleKw: 4, ripplePeriodMin: 6 }),
  spec(2, "Compressor-2", "compressor", UTIL, 55, "air_trim", linear(3, { running_hours: 36 }, 0.3)),
  spec(3, "Chiller-1", "chiller", UTIL, 120, "cooling", {
    model: "3p_cooling", granularity: "hourly", intercept: 6, coefficients: {},
    coolingBalanceC: 15, coolingSlope: 4.5, noiseSdKwh: 0.6, drivers: ["avg_outdoor_temp_c"],
  }),
  spec(4, "HVAC-1", "hvac", HALL_A, 75, "always", {
    model: "5p", granularity: "hourly", intercept: 14, coefficients: {},
    heatingBalanceC: 11, heatingSlope: 1.8, coolingBalanceC: 18, coolingSlope: 2.6, noiseSdKwh: 1.0,
    drivers: ["avg_outdoor_temp_c"],
  }),
  spec(5, "Boiler-1", "boiler", UTIL, 250, "heating", {
    model: "3p_heating", granularity: "hourly", intercept: 4, coefficients: {},
    heatingBalanceC: 14, heatingSlope: 7.5, noiseSdKwh: 0.45, drivers: ["avg_outdoor_temp_c"],
  }),
  spec(6, "Oven-1", "oven", HALL_A, 150, "producer",
    linear(9, { running_hours: 38, total_production_count: 0.06 }, 0.8), {
      products: products([["OV-CURE-A", 5.2, 0.008], ["OV-CURE-B", 4.1, 0.012], ["OV-TEMPER", 6.0, 0.006]]),
      shiftProbability: [0.95, 0.85], rippleKw: 2, ripplePeriodMin: 12,
    }),
  spec(7, "Injection-Molding-1", "injection_molding", HALL_B, 110, "producer",
    linear(12, { total_production_count: 0.045 }, 1.0), {
      products: products([["PP-CAP-28", 14.5, 0.02], ["PP-CLIP-10", 11.0, 0.03], ["ABS-HOUSING", 8.0, 0.04]]),
      shiftProbability: [0.95, 0.9],
    }),
  spec(8, "Injection-Molding-2", "injection_molding", HALL_B, 90, "producer",
    linear(9, { total_production_count: 0.06 }, 0.8), {
      products: products([["PA-GEAR-S", 9.0, 0.025], ["PA-GEAR-L", 6.5, 0.035], ["PE-SEAL", 11.0, 0.015]]),
      shiftProbability: [0.9, 0.7],
    }),
  spec(9, "Conveyor-1", "conveyor", HALL_A, 7.5, "conveyor", linear(0.6, { running_hours: 4.2 }, 0.06)),
  spec(10, "Pump-1", "pump", UTIL, 30, "pump", linear(2.5, { running_hours: 15 }, 0.25)),
  spec(11, "Server-Room-1", "other", "Office", 20, "always", linear(11.5, {}, 0.4), { indoorBaseC: 21.5 }),
];

export function demoProducts(): DemoProduct[] {
  return MACHINE_SPECS.flatMap((s) => s.products.map((p) => ({ id: p.id, name: p.name, machineId: s.machine.id })));
}
