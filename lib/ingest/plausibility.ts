// Whether an energy row's kWh can be consumption over its interval. Two checks, both on the
// average power the row implies (energy_kwh ÷ interval in hours):
//
//  - the machine's ceiling: max_plausible_power_kw, or else RATED_POWER_FACTOR × rated_power_kw;
//    no ceiling when neither is set. A 5 kW machine's ceiling is 15 kW, 0.25 kWh a minute: a
//    register total sent as interval energy (25,567 kWh in a minute) is far above it.
//  - the row's own power: power_kw may be an instantaneous sample of a cycling machine (idle at
//    the instant, running hard most of the interval), so only a gross mismatch counts, the kind a
//    register total sent as interval energy makes (orders of magnitude): an average above
//    ROW_POWER_FACTOR × max(power_kw, ROW_POWER_FLOOR_KW).

/** Default ceiling of the implied average power, as a multiple of the machine's rated power. */
export const RATED_POWER_FACTOR = 3;
/** The row's power check: the implied average may be up to this multiple of power_kw … */
export const ROW_POWER_FACTOR = 100;
/** … taken as at least this many kW (a sample of 0 kW does not condemn a busy minute). */
export const ROW_POWER_FLOOR_KW = 10;

export interface PlausibilityLimits {
  max_plausible_power_kw: number | null;
  rated_power_kw: number | null;
}

/** The ceiling (kW) of a machine's implied average power, or null when it has none. */
export function powerCeilingKw(m: PlausibilityLimits): number | null {
  if (m.max_plausible_power_kw !== null) return m.max_plausible_power_kw;
  return m.rated_power_kw !== null && m.rated_power_kw > 0 ? RATED_POWER_FACTOR * m.rated_power_kw : null;
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString("en") : String(Number(x.toPrecision(4))));

/**
 * Why `energyKwh` over `intervalS` seconds cannot be consumption, or null when it can.
 * `ceilingKw` from powerCeilingKw(); `powerKw` the row's power when it has one.
 */
export function implausibleEnergy(energyKwh: number, intervalS: number, powerKw: number | null | undefined, ceilingKw: number | null): string | null {
  if (energyKwh === 0) return null;
  const average = energyKwh / (intervalS / 3600);
  if (ceilingKw !== null && average > ceilingKw) {
    return `${fmt(energyKwh)} kWh in ${intervalS} s is an average of ${fmt(average)} kW, above the machine's plausible maximum of ${fmt(ceilingKw)} kW (max_plausible_power_kw, or ${RATED_POWER_FACTOR} × rated_power_kw): not stored as consumption (a cumulative register total sent as interval energy?)`;
  }
  if (powerKw !== null && powerKw !== undefined && average > ROW_POWER_FACTOR * Math.max(powerKw, ROW_POWER_FLOOR_KW)) {
    return `${fmt(energyKwh)} kWh in ${intervalS} s is an average of ${fmt(average)} kW, which the row's power_kw of ${fmt(powerKw)} cannot deliver (more than ${ROW_POWER_FACTOR} × power_kw, power taken as at least ${ROW_POWER_FLOOR_KW} kW): not stored as consumption (a cumulative register total sent as interval energy?)`;
  }
  return null;
}
