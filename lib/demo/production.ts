// One production machine, minute by minute: planned shifts, breaks, product changeovers,
// micro-stops, breakdowns and a wandering line speed, so output is not a copy of the shift
// indicator (hourly production and running time vary independently enough for regression).
import type { ProductSpec } from "./machines";
import type { Rng } from "./random";
import { BREAK_MINUTE, shiftOf, type LocalDay } from "./schedule";
import type { MachineState } from "./types";

const P_CHANGEOVER = 1.6 / 900; // ~1.6 product changes per 15 productive hours
const P_MICROSTOP = 1 / 150;
const P_BREAKDOWN = 1 / 4000;
export const RAMP_MIN = 20; // slower start after a shift begins
export const NOMINAL_SPEED = 0.93;

export class ProducerSim {
  count = 0;
  good = 0;
  reject = 0;
  throughput = 0;
  state: MachineState = "off";
  productId: string | null;
  private product: ProductSpec;
  private speed = NOMINAL_SPEED;
  private dayNumber = Number.NaN;
  private planned: [boolean, boolean] = [false, false];
  private changeoverLeft = 0;
  private stopLeft = 0;

  constructor(
    private readonly products: readonly ProductSpec[],
    private readonly shiftProbability: readonly [number, number],
    private readonly rng: Rng,
  ) {
    const first = products[rng.int(0, products.length - 1)];
    if (!first) throw new Error("a producer needs products");
    this.product = first;
    this.productId = first.id;
  }

  /** The shifts (early, late) staffed on the current local day: the plant's plan, decided at the day's first minute. */
  get plannedShifts(): readonly [boolean, boolean] {
    return this.planned;
  }

  /** Advance one minute. `hourStart` is true on the first minute of a UTC hour. */
  step(day: LocalDay, minuteOfDay: number, hourStart: boolean): void {
    const rng = this.rng;
    if (day.dayNumber !== this.dayNumber) {
      this.dayNumber = day.dayNumber;
      this.planned = [day.workday && rng.next() < this.shiftProbability[0], day.workday && rng.next() < this.shiftProbability[1]];
    }
    if (hourStart) {
      // Line speed wanders hour to hour (operators, material, tool condition).
      const s = NOMINAL_SPEED + 0.6 * (this.speed - NOMINAL_SPEED) + 0.07 * rng.normal();
      this.speed = Math.max(0.6, Math.min(1.12, s));
    }
    this.count = 0;
    this.good = 0;
    this.reject = 0;
    this.throughput = 0;
    const shift = shiftOf(minuteOfDay);
    if (shift < 0 || !this.planned[shift as 0 | 1]) {
      this.state = "off";
      this.stopLeft = 0;
      return;
    }
    this.state = "idle";
    if (BREAK_MINUTE[minuteOfDay]) return;
    if (this.changeoverLeft > 0) {
      this.changeoverLeft--;
      return;
    }
    if (this.stopLeft > 0) {
      this.stopLeft--;
      return;
    }
    const u = rng.next();
    if (u < P_CHANGEOVER) {
      this.changeover();
      return;
    }
    if (u < P_CHANGEOVER + P_MICROSTOP) {
      this.stopLeft = rng.int(0, 4);
      return;
    }
    if (u < P_CHANGEOVER + P_MICROSTOP + P_BREAKDOWN) {
      this.stopLeft = rng.int(30, 150);
      return;
    }
    const sinceStart = shift === 0 ? minuteOfDay - 360 : minuteOfDay - 840;
    const ramp = sinceStart < RAMP_MIN ? 0.5 + (0.5 * sinceStart) / RAMP_MIN : 1;
    const rate = this.product.ratePerMin * this.speed * ramp;
    const count = Math.max(0, Math.round(rate + 0.35 * Math.sqrt(rate) * rng.normal()));
    let reject = 0;
    for (let i = 0; i < count; i++) if (rng.next() < this.product.rejectRate) reject++;
    this.state = "running";
    this.count = count;
    this.reject = reject;
    this.good = count - reject;
    this.throughput = Math.round(rate * 600) / 10;
  }

  /** 20–45 minutes of set-up for a different product; the new product id shows from the start. */
  private changeover(): void {
    const rng = this.rng;
    if (this.products.length > 1) {
      let next = this.product;
      while (next === this.product) next = this.products[rng.int(0, this.products.length - 1)] ?? this.product;
      this.product = next;
      this.productId = next.id;
    }
    this.changeoverLeft = rng.int(19, 44);
  }
}
