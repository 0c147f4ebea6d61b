// The demo plant's production plan and temperature forecasts: what the plant knew in advance.
//
// The plan is what a plant's MES/ERP schedule carries, read off the generator's own decisions: which
// shifts each producer was staffed for (ProducerSim decides that at the start of each local day
// from the order book), which product runs (the product sequence ProducerSim decides, as an order
// schedule names the order/product per shift) and the changeovers between products, each planned
// with the standard set-up time (PLANNED_SETUP_MIN, the mean of the generator's 20–45 minutes). The
// planned output of a productive minute is the planned product's nominal rate × the nominal line
// speed (with the shift start ramp). A separate producer simulation with the same seeded streams
// replays those decisions, so the readings stay byte-identical and the plan needs no readings.
// What the plan does not know, and the readings show, is what no plan knows: micro-stops,
// breakdowns, each set-up's actual length, the wandering line speed and count noise. On top, a
// share of the published entries is revised after publication (separate seeded streams): a shift
// cancelled or added, and a shift's product changed (PLAN_REVISION_SHARE each).
//
// The temperature forecast is the hour's true mean temperature plus an error that grows with lead
// time (temperatureErrorSd), persistent along the lead (AR(1), as forecast busts are synoptic),
// issued daily at 00:00 UTC for 192 hours.
import { MACHINE_SPECS } from "./machines";
import { NOMINAL_SPEED, ProducerSim, RAMP_MIN } from "./production";
import { Rng } from "./random";
import { BREAK_MINUTE, DAY_MS, HOUR_MS, MINUTE_MS, PlantCalendar, shiftOf } from "./schedule";
import type { DemoPlant } from "./types";
import { buildSetpoints, buildWeather } from "./weather";

/** A planned (or forecast) value of a driver for the hour starting at `time`, as published at `issuedAt`. */
export interface PlannedDriverRow {
  machineId: string;
  driver: string;
  issuedAt: Date;
  time: Date;
  value: number;
}

/** Days between publishing a day's production plan and the day (a weekly plan, rolling daily). */
export const PLAN_LEAD_DAYS = 7;
/**
 * Share of a producer's published shifts (working days) whose staffing changed after publication:
 * a planned shift cancelled (material, staff) or an unplanned one added (rush order). A judgement,
 * not a measurement: weekly shift plans are mostly kept, and 1 in 20 shifts changing within the
 * week is a conservative figure for a two-shift plant (it makes the plan worse, never better).
 */
export const PLAN_REVISION_SHARE = 0.05;
/**
 * Planned set-up time of a product changeover (minutes, the switch minute included): a plan states
 * the standard set-up time, here the mean of the generator's uniformly drawn 20–45 minutes (32.5),
 * rounded down; each actual set-up's length is not known in advance.
 */
export const PLANNED_SETUP_MIN = 32;
/** Hours each daily temperature forecast covers. */
export const TEMPERATURE_FORECAST_HOURS = 192;
/**
 * Standard deviation (°C) of the temperature forecast's error at `leadHours` after its issue:
 * 1.2 °C at the start, 1.5 °C a day ahead, 3.1 °C a week ahead, roughly the RMSE of operational
 * 2 m temperature forecasts for central European stations (about 1.5 K at day 1 to 3 K at day 7).
 */
export function temperatureErrorSd(leadHours: number): number {
  return 1.2 + (1.9 * leadHours) / 168;
}
/** Hour-to-hour autocorrelation of the forecast error along the lead (an error persists for about a day). */
const ERROR_PHI = 0.97;

const TEMPERATURE = "avg_outdoor_temp_c";

interface MinutePlan {
  on: boolean;
  count: number;
}

/**
 * The published production plan of the demo plant over [plant.start, until), per machine and UTC
 * hour: producers `total_production_count` (planned output: in each scheduled minute outside breaks
 * and planned set-ups, the planned product's rate × the nominal line speed, with the shift start
 * ramp) and `running_hours` (those productive minutes ÷ 60); Compressor-1 the plant's planned total
 * output, its running hours and its pressure set-point (`avg_pressure_bar`, an operator decision);
 * Compressor-2 the hours its hysteresis would run on the planned output; the conveyor the oven's
 * planned running hours; the pump the plant's shift hours. The planned products and changeovers
 * are the generator's product sequence, each changeover planned with PLANNED_SETUP_MIN minutes of
 * set-up. Each day's rows are issued PLAN_LEAD_DAYS before the local day starts. `revisionShare`:
 * share of published shifts whose staffing, and (independently) whose product, differs from what
 * ran (0: the plan is the generator's staffing and products). Deterministic; the rows up to an hour
 * do not depend on `until`.
 */
export function demoProductionPlan(plant: Pick<DemoPlant, "seed" | "start" | "timeZone">, until: Date, revisionShare: number = PLAN_REVISION_SHARE, options: PlanOptions = {}): PlannedDriverRow[] {
  const original = planRows(plant, until, revisionShare);
  if (revisionShare === 0 || options.republishRevisions === false) return original;
  // The revised plan is what ran (the staffing and products): each row the revisions changed is
  // published again, as a new issue, when the day's revision becomes known.
  const exact = new Map(planRows(plant, until, 0).map((r) => [`${r.machineId}|${r.driver}|${r.time.getTime()}`, r.value]));
  const notice = new Map<number, Date>();
  const revised: PlannedDriverRow[] = [];
  for (const r of original) {
    const value = exact.get(`${r.machineId}|${r.driver}|${r.time.getTime()}`);
    if (value === undefined || value === r.value) continue;
    const dayStart = r.issuedAt.getTime() + PLAN_LEAD_DAYS * DAY_MS;
    let at = notice.get(dayStart);
    if (!at) {
      // A draw per day from its own stream: the notice does not depend on the window or on other days.
      const hours = Math.floor(Rng.derive(plant.seed, `plan.revision-notice:${dayStart}`).next() * PLAN_LEAD_DAYS * 24);
      at = new Date(dayStart - hours * HOUR_MS);
      notice.set(dayStart, at);
    }
    revised.push({ ...r, issuedAt: at, value });
  }
  return [...original, ...revised];
}

/** Options of demoProductionPlan. */
export interface PlanOptions {
  /**
   * Publish each revision as a new issue when it becomes known (default true): a revised day's
   * changed rows are issued again, with what ran, at a time drawn uniformly over the week between
   * the day's first publication and its start. false: revisions are never published (the plan
   * stays as first issued), the pessimistic case.
   */
  republishRevisions?: boolean;
}

/** The plan as first published (PLAN_LEAD_DAYS before each day), `revisionShare` of its shifts revised. */
function planRows(plant: Pick<DemoPlant, "seed" | "start" | "timeZone">, until: Date, revisionShare: number): PlannedDriverRow[] {
  const startMs = plant.start.getTime();
  const endMs = Math.floor(until.getTime() / HOUR_MS) * HOUR_MS;
  if (endMs <= startMs) return [];
  const calendar = new PlantCalendar(plant.timeZone);
  const producers = MACHINE_SPECS.filter((s) => s.role === "producer").map((s) => {
    // The same stream the generator's ProducerSim draws from: it makes the same decisions.
    const sim = new ProducerSim(s.products, s.shiftProbability, Rng.derive(plant.seed, `production:${s.machine.id}`));
    return {
      spec: s,
      sim,
      revisions: Rng.derive(plant.seed, `plan.revisions:${s.machine.id}`),
      productRevisions: Rng.derive(plant.seed, `plan.product-revisions:${s.machine.id}`),
      published: [false, false] as [boolean, boolean],
      /** Per shift, how many places along the product list the published product is from the one that ran (0: the same). */
      productShift: [0, 0] as [number, number],
      lastProduct: sim.productId,
      setupLeft: 0,
    };
  });
  const role = (r: string) => MACHINE_SPECS.find((s) => s.role === r)!.machine.id;
  const ids = { airMain: role("air_main"), airTrim: role("air_trim"), conveyor: role("conveyor"), pump: role("pump") };
  const oven = producers.find((p) => p.spec.machine.name === "Oven-1")!;
  const hour0 = Math.floor(startMs / HOUR_MS);
  const setpoints = buildSetpoints(plant.seed, Math.ceil(endMs / HOUR_MS) - hour0 + 2);

  const rows: PlannedDriverRow[] = [];
  const hourly = new Map<string, number>(); // machine|driver → sum within the current hour
  const add = (id: string, driver: string, v: number) => hourly.set(`${id}|${driver}`, (hourly.get(`${id}|${driver}`) ?? 0) + v);
  let hourIssued = 0;
  const flush = (hourMs: number) => {
    if (hourMs >= startMs) {
      const time = new Date(hourMs);
      const issuedAt = new Date(hourIssued);
      for (const [key, v] of hourly) {
        const [machineId, driver] = key.split("|") as [string, string];
        rows.push({ machineId, driver, issuedAt, time, value: driver === "running_hours" ? v / 60 : v });
      }
      const sp = setpoints[hourMs / HOUR_MS - hour0] ?? 7;
      rows.push({ machineId: ids.airMain, driver: "avg_pressure_bar", issuedAt, time, value: sp });
    }
    hourly.clear();
  };

  const offsets = new Int16Array(1440);
  const totalMinutes = Math.round((endMs - startMs) / MINUTE_MS);
  let demand = 0;
  let trimOn = false;
  let dayNumber = Number.NaN;
  let dayStartUtc = startMs;
  let hourMs = Math.floor(startMs / HOUR_MS) * HOUR_MS;
  const minute: MinutePlan[] = producers.map(() => ({ on: false, count: 0 }));
  for (let day = 0; day * 1440 < totalMinutes; day++) {
    const chunkStart = startMs + day * DAY_MS;
    const n = Math.min(1440, totalMinutes - day * 1440);
    calendar.offsets(chunkStart, n, offsets);
    for (let i = 0; i < n; i++) {
      const ms = chunkStart + i * MINUTE_MS;
      if (ms % HOUR_MS === 0 && ms !== hourMs) {
        flush(hourMs);
        hourMs = ms;
      }
      const local = ms + (offsets[i] ?? 0) * MINUTE_MS;
      const dn = Math.floor(local / DAY_MS);
      const minuteOfDay = Math.floor((local - dn * DAY_MS) / MINUTE_MS);
      const localDay = calendar.day(dn);
      const hourStart = (day === 0 && i === 0) || ms % HOUR_MS === 0;
      const newDay = dn !== dayNumber;
      if (newDay) {
        dayNumber = dn;
        dayStartUtc = ms - minuteOfDay * MINUTE_MS;
      }
      if (ms % HOUR_MS === 0 || (day === 0 && i === 0)) hourIssued = dayStartUtc - PLAN_LEAD_DAYS * DAY_MS;
      const shift = shiftOf(minuteOfDay);
      const plantInShift = localDay.workday && shift >= 0;
      let total = 0;
      producers.forEach((p, k) => {
        p.sim.step(localDay, minuteOfDay, hourStart);
        if (newDay) {
          const staffed = p.sim.plannedShifts;
          // Drawn for every day (two draws each), so a day's revision does not depend on the calendar.
          const flip = [p.revisions.next() < revisionShare, p.revisions.next() < revisionShare];
          p.published = [localDay.workday && staffed[0] !== flip[0], localDay.workday && staffed[1] !== flip[1]];
          const products = p.spec.products.length;
          const swap = [p.productRevisions.next() < revisionShare, p.productRevisions.next() < revisionShare];
          const by = 1 + Math.floor(p.productRevisions.next() * Math.max(1, products - 1));
          p.productShift = [swap[0] && products > 1 ? by : 0, swap[1] && products > 1 ? by : 0];
        }
        // A changed product id is a changeover the generator decided this minute: planned with the standard set-up.
        if (p.sim.productId !== p.lastProduct) {
          p.lastProduct = p.sim.productId;
          p.setupLeft = PLANNED_SETUP_MIN;
        }
        const m = minute[k]!;
        const scheduled = shift >= 0 && p.published[shift as 0 | 1] && !BREAK_MINUTE[minuteOfDay];
        // Set-up minutes pass only in scheduled minutes outside breaks, as the generator's do.
        const inSetup = scheduled && p.setupLeft > 0;
        if (inSetup) p.setupLeft--;
        m.on = scheduled && !inSetup;
        let count = 0;
        if (m.on) {
          const products = p.spec.products;
          const ran = products.findIndex((x) => x.id === p.sim.productId);
          const product = products[(ran + p.productShift[shift as 0 | 1]) % products.length]!;
          const since = shift === 0 ? minuteOfDay - 360 : minuteOfDay - 840;
          count = product.ratePerMin * NOMINAL_SPEED * (since < RAMP_MIN ? 0.5 + (0.5 * since) / RAMP_MIN : 1);
        }
        m.count = count;
        total += count;
        add(p.spec.machine.id, "total_production_count", count);
        add(p.spec.machine.id, "running_hours", m.on ? 1 : 0);
      });
      demand += 0.1 * (total - demand);
      trimOn = trimOn ? demand > 16 : demand > 20;
      add(ids.airMain, "total_production_count", total);
      add(ids.airMain, "running_hours", total > 0 ? 1 : 0);
      add(ids.airTrim, "running_hours", trimOn ? 1 : 0);
      add(ids.conveyor, "running_hours", minute[producers.indexOf(oven)]!.on ? 1 : 0);
      add(ids.pump, "running_hours", plantInShift ? 1 : 0);
    }
  }
  flush(hourMs);
  return rows;
}

/**
 * Daily temperature forecasts (issued at each 00:00 UTC in [plant.start, until], 192 hours each)
 * for the machines whose energy follows the outdoor temperature: the hour's true mean outdoor
 * temperature plus an error of SD temperatureErrorSd(lead), AR(1) along the lead. Deterministic.
 */
export function demoTemperatureForecasts(plant: Pick<DemoPlant, "seed" | "start" | "truth">, until: Date): PlannedDriverRow[] {
  const startMs = plant.start.getTime();
  const firstIssue = Math.ceil(startMs / DAY_MS) * DAY_MS;
  const lastIssue = Math.floor(until.getTime() / DAY_MS) * DAY_MS;
  if (lastIssue < firstIssue) return [];
  const weather = buildWeather(plant.seed, startMs, lastIssue + (TEMPERATURE_FORECAST_HOURS + 2) * HOUR_MS);
  const machines = Object.entries(plant.truth).filter(([, t]) => t.drivers.includes(TEMPERATURE)).map(([id]) => id);
  const rng = Rng.derive(plant.seed, "temperature.forecast");
  const rows: PlannedDriverRow[] = [];
  const innovation = Math.sqrt(1 - ERROR_PHI * ERROR_PHI);
  for (let issue = firstIssue; issue <= lastIssue; issue += DAY_MS) {
    const issuedAt = new Date(issue);
    let x = rng.normal();
    for (let lead = 0; lead < TEMPERATURE_FORECAST_HOURS; lead++) {
      if (lead > 0) x = ERROR_PHI * x + innovation * rng.normal();
      const i = (issue + lead * HOUR_MS) / HOUR_MS - weather.hour0;
      // The hour's mean of the minute values the generator interpolates between knots i and i + 1.
      const truth = ((weather.tempC[i] ?? 0) + (weather.tempC[i + 1] ?? 0)) / 2;
      const value = Math.round((truth + temperatureErrorSd(lead) * x) * 100) / 100;
      const time = new Date(issue + lead * HOUR_MS);
      for (const machineId of machines) rows.push({ machineId, driver: TEMPERATURE, issuedAt, time, value });
    }
  }
  return rows;
}

/** Everything the demo plant knew in advance up to `until`: its production plan and its temperature forecasts. */
export function demoPlannedDrivers(plant: Pick<DemoPlant, "seed" | "start" | "timeZone" | "truth">, until: Date, revisionShare: number = PLAN_REVISION_SHARE, options: PlanOptions = {}): PlannedDriverRow[] {
  return [...demoProductionPlan(plant, until, revisionShare, options), ...demoTemperatureForecasts(plant, until)];
}

/**
 * Whether a row of demoPlannedDrivers had been published by the instant `atMs` (epoch ms): issued at
 * or before it and, for the production plan, for an hour before the plan's horizon (the whole hours
 * before atMs + PLAN_LEAD_DAYS days; a day's plan is published a week ahead, so later hours of the
 * day are not yet planned). Temperature forecasts are published whole (192 hours) at their issue.
 */
export function publishedBy(row: PlannedDriverRow, atMs: number): boolean {
  if (row.issuedAt.getTime() > atMs) return false;
  return row.driver === TEMPERATURE || row.time.getTime() < Math.floor((atMs + PLAN_LEAD_DAYS * DAY_MS) / HOUR_MS) * HOUR_MS;
}

/**
 * Everything the demo plant had published by `at`: its production plan up to a week past `at` and
 * the temperature forecasts issued up to `at`. The same rows whatever `at` is later cut into
 * (publishedBy is monotone in `at` and the generator's streams are prefix-stable), so appending
 * the rows published in (a, b] and then in (b, c] gives the rows published by c.
 */
export function demoPlanPublishedBy(plant: Pick<DemoPlant, "seed" | "start" | "timeZone" | "truth">, at: Date, revisionShare: number = PLAN_REVISION_SHARE, options: PlanOptions = {}): PlannedDriverRow[] {
  const atMs = at.getTime();
  return demoPlannedDrivers(plant, new Date(atMs + PLAN_LEAD_DAYS * DAY_MS), revisionShare, options).filter((r) => publishedBy(r, atMs));
}
