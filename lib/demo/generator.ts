// Plant assembly and the streaming row generator. The hot loop works on plain numbers: local
// time comes from per-chunk offsets, weather from precomputed hourly knots, and all rows of one
// minute share one Date instance (treat row times as immutable).
import { placeAnomalies, extraKw } from "./anomalies";
import { MACHINE_SPECS, demoProducts } from "./machines";
import type { ProducerSim } from "./production";
import { Rng } from "./random";
import { DAY_MS, HOUR_MS, MINUTE_MS, PlantCalendar, dayKey, plantHolidays, shiftOf, type LocalDay } from "./schedule";
import type { AnomalyLabel, DemoDayChunk, DemoPlant, DemoPlantOptions, EnergyRow, EnvironmentalRow, MachineTruth, ProductionRow } from "./types";
import { Role, makeUnit, type Unit } from "./units";
import { buildSetpoints, buildWeather, interpolate, type Weather } from "./weather";

const ENV_MS = 5 * MINUTE_MS;
const SQRT3 = Math.sqrt(3);
/** Trim compressor hysteresis on the smoothed plant output (parts per minute). */
const TRIM_ON = 20;
const TRIM_OFF = 16;

export function createDemoPlant(opts: DemoPlantOptions): DemoPlant {
  const { days, seed } = opts;
  const timeZone = opts.timeZone ?? "Europe/Berlin";
  if (!(days > 0) || !Number.isFinite(days)) throw new RangeError(`days must be a positive number, got ${days}`);
  if (!Number.isFinite(opts.end.getTime())) throw new RangeError("end is not a valid date");
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const calendar = new PlantCalendar(timeZone);
  if (Number.isNaN(calendar.localMs(0))) throw new RangeError(`unknown time zone ${timeZone}`);

  const endMs = Math.floor(opts.end.getTime() / MINUTE_MS) * MINUTE_MS;
  const startMs = endMs - Math.max(1, Math.round(days * 1440)) * MINUTE_MS;
  const cleanUntilMs = Math.min(endMs, Math.ceil((startMs + (2 * (endMs - startMs)) / 3) / HOUR_MS) * HOUR_MS);

  const firstDay = dayKey(Math.floor(calendar.localMs(startMs) / DAY_MS));
  const lastDay = dayKey(Math.floor(calendar.localMs(endMs - MINUTE_MS) / DAY_MS));
  const holidays: string[] = [];
  for (let y = Number(firstDay.slice(0, 4)); y <= Number(lastDay.slice(0, 4)); y++) {
    holidays.push(...plantHolidays(y).filter((d) => d >= firstDay && d <= lastDay));
  }
  const truth: Record<string, MachineTruth> = {};
  for (const s of MACHINE_SPECS) truth[s.machine.id] = structuredClone(s.truth);
  return {
    seed,
    machines: MACHINE_SPECS.map((s) => ({ ...s.machine })),
    products: demoProducts(),
    start: new Date(startMs),
    end: new Date(endMs),
    cleanUntil: new Date(cleanUntilMs),
    timeZone,
    truth,
    anomalies: placeAnomalies(seed, startMs, endMs, cleanUntilMs, calendar),
    holidays,
  };
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const r4 = (x: number) => Math.round(x * 10000) / 10000;

/** Generation state carried from chunk to chunk (a plain class: generators optimise poorly). */
class PlantSim {
  readonly startMs: number;
  readonly totalMinutes: number;
  readonly totalDays: number;
  private readonly weather: Weather;
  private readonly setpoints: Float64Array;
  private readonly calendar: PlantCalendar;
  private readonly units: Unit[];
  private readonly producers: Unit[];
  private readonly oven: Unit | undefined;
  private readonly grid: Rng;
  private readonly offsets = new Int16Array(1440);
  private gridV = 400;
  private demand = 0; // smoothed plant output for the trim compressor
  private trimOn = false;
  private blockPressure = 0;
  private localDay: LocalDay | null = null;

  constructor(plant: DemoPlant) {
    this.startMs = plant.start.getTime();
    const endMs = plant.end.getTime();
    this.totalMinutes = Math.round((endMs - this.startMs) / MINUTE_MS);
    this.totalDays = Math.ceil(this.totalMinutes / 1440);
    this.weather = buildWeather(plant.seed, this.startMs, endMs);
    this.setpoints = buildSetpoints(plant.seed, this.weather.tempC.length);
    this.calendar = new PlantCalendar(plant.timeZone);
    this.units = MACHINE_SPECS.map((s) => makeUnit(s, plant.seed, plant.anomalies));
    this.producers = this.units.filter((u) => u.producer);
    this.oven = this.units.find((u) => u.id === MACHINE_SPECS.find((s) => s.machine.name === "Oven-1")?.machine.id);
    this.grid = Rng.derive(plant.seed, "grid");
  }

  chunk(day: number): DemoDayChunk {
    const { units, producers, weather, offsets, grid } = this;
    const hour0 = weather.hour0;
    const tempKnots = weather.tempC;
    const dayStart = this.startMs + day * DAY_MS;
    const n = Math.min(1440, this.totalMinutes - day * 1440);
    this.calendar.offsets(dayStart, n, offsets);
    // Arrays sized up front: growing them by push costs more than filling the rows.
    const u0 = units.length;
    let samples = 0;
    for (let i = 0; i < n; i++) if ((dayStart + i * MINUTE_MS) % ENV_MS === 0) samples++;
    const energy = new Array<EnergyRow>(n * u0);
    const production = new Array<ProductionRow>(n * u0);
    const environmental = new Array<EnvironmentalRow>(samples * u0);
    let k = 0;
    let kEnv = 0;
    for (let i = 0; i < n; i++) {
      const ms = dayStart + i * MINUTE_MS;
      const time = new Date(ms);
      const local = ms + (offsets[i] ?? 0) * MINUTE_MS;
      const dayNumber = Math.floor(local / DAY_MS);
      const minuteOfDay = Math.floor((local - dayNumber * DAY_MS) / MINUTE_MS);
      let localDay = this.localDay;
      if (localDay?.dayNumber !== dayNumber) localDay = this.localDay = this.calendar.day(dayNumber);
      const first = day === 0 && i === 0;
      const hourStart = first || ms % HOUR_MS === 0;
      const envSample = ms % ENV_MS === 0;
      const minuteInHour = (ms / MINUTE_MS) % 60;
      const plantInShift = localDay.workday && shiftOf(minuteOfDay) >= 0;
      const temp = interpolate(tempKnots, hour0, ms, 0.5);
      if (first || envSample) {
        // Compressor-1's discharge pressure: set-point plus a small wobble held for 5 minutes,
        // the same value its environmental sample reports, so hourly means match exactly.
        const setpoint = this.setpoints[Math.floor(ms / HOUR_MS) - hour0] ?? 7;
        this.blockPressure = r3(setpoint + 0.015 * grid.normal());
      }
      const pressure = this.blockPressure;

      let total = 0;
      let good = 0;
      let reject = 0;
      let throughput = 0;
      for (const u of producers) {
        const p = u.producer as ProducerSim;
        p.step(localDay, minuteOfDay, hourStart);
        u.state = p.state;
        u.count = p.count;
        u.good = p.good;
        u.reject = p.reject;
        u.throughput = p.throughput;
        total += p.count;
        good += p.good;
        reject += p.reject;
        throughput += p.throughput;
      }
      this.demand += 0.1 * (total - this.demand);
      this.trimOn = this.trimOn ? this.demand > TRIM_OFF : this.demand > TRIM_ON;
      this.gridV = 400 + 0.98 * (this.gridV - 400) + 0.4 * grid.normal();
      const gridV = this.gridV;
      // Rounded like a real sensor: the hourly mean moves by < 0.005 °C, far below the noise.
      const outdoor = envSample ? r2(interpolate(tempKnots, hour0, ms, 2.5)) : 0;
      const humidity = envSample ? r1(interpolate(weather.humidityPct, hour0, ms, 2.5)) : 0;
      const ambient = envSample ? r4(interpolate(weather.ambientBar, hour0, ms, 2.5)) : 0;

      for (const u of units) {
        switch (u.role) {
          case Role.AirMain:
            u.state = total > 0 ? "running" : "idle";
            u.count = total;
            u.good = good;
            u.reject = reject;
            u.throughput = throughput;
            break;
          case Role.AirTrim:
            u.state = this.trimOn ? "running" : "idle";
            break;
          case Role.Conveyor:
            u.state = this.oven?.state ?? "off";
            break;
          case Role.Pump:
            u.state = plantInShift ? "running" : "idle";
            break;
          case Role.Cooling:
            u.state = temp > u.coolingBalance ? "running" : "idle";
            break;
          case Role.Heating:
            u.state = temp < u.heatingBalance ? "running" : "idle";
            break;
          case Role.Always:
            u.state = "running";
            break;
          default:
            break;
        }
        const rng = u.rng;
        if (hourStart) u.hourNoise = u.hourNoiseSd * rng.normal();
        let perHour = u.intercept + u.cTemp * temp + u.cPressure * pressure + u.cThroughput * u.throughput;
        if (u.state === "running") perHour += u.cRunning;
        if (u.heatingSlope !== 0 && temp < u.heatingBalance) perHour += u.heatingSlope * (u.heatingBalance - temp);
        if (u.coolingSlope !== 0 && temp > u.coolingBalance) perHour += u.coolingSlope * (temp - u.coolingBalance);
        // Ripple: square wave whose period divides 60 minutes, so it cancels in every clock hour.
        if (u.rippleKw !== 0) perHour += Math.floor(minuteInHour / u.halfRipple) % 2 === 0 ? u.rippleKw : -u.rippleKw;
        for (let a = 0; a < u.anomalies.length; a++) perHour += extraKw(u.anomalies[a] as AnomalyLabel, ms, plantInShift);
        const kwh = Math.max(0, perHour / 60 + u.cCount * u.count + u.hourNoise / 60 + u.jitterSd * rng.normal());
        const powerKw = kwh * 60;
        // Electrical side is cosmetic (not part of the truth): cheap uniform noise.
        const voltageV = r1(gridV + 2 * (rng.next() - 0.5));
        const pf = r3(Math.min(0.95, Math.max(0.85, 0.85 + 0.1 * Math.min(1, powerKw / u.ratedKw) + 0.012 * (rng.next() - 0.5))));
        energy[k] = { time, machineId: u.id, powerKw, energyKwh: kwh, voltageV, currentA: r2((powerKw * 1000) / (SQRT3 * voltageV * pf)), powerFactor: pf };
        const out = u.reportsOutput;
        production[k++] = {
          time,
          machineId: u.id,
          productionCount: out ? u.count : 0,
          goodCount: out ? u.good : 0,
          rejectCount: out ? u.reject : 0,
          throughputUnitsPerHour: out ? u.throughput : 0,
          productId: u.producer ? u.producer.productId : null,
          machineState: u.state,
        };
        if (envSample) {
          const indoor = u.indoorBaseC + 0.06 * (outdoor - 12) + (plantInShift ? u.productionHeat : 0) + 0.4 * (rng.next() - 0.5);
          environmental[kEnv++] = {
            time,
            machineId: u.id,
            outdoorTempC: outdoor,
            indoorTempC: r2(Math.min(24.5, Math.max(19.5, indoor))),
            humidityPct: humidity,
            pressureBar: u.cPressure !== 0 ? pressure : ambient,
          };
        }
      }
    }
    return { day, totalDays: this.totalDays, energy, production, environmental };
  }
}

/**
 * Rows of the plant in chunks of 24 hours from `plant.start` (UTC days when the window starts at
 * midnight UTC; the last chunk is partial when the window is not a whole number of days).
 * Per chunk: energy and production rows for every minute × machine (machine order as in
 * `plant.machines`), environmental rows for every machine at each UTC 5-minute mark.
 */
export function* generateDemoDays(plant: DemoPlant): Generator<DemoDayChunk> {
  const sim = new PlantSim(plant);
  for (let day = 0; day < sim.totalDays; day++) yield sim.chunk(day);
}
