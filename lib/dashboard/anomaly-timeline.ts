// Shaping of the anomaly viewer's timeline and evidence, plain functions so they are unit-tested.

export interface TimelineEvent {
  id: string;
  machine_id: string;
  machine_name: string;
  start: string;
  end: string;
  severity: string;
  excess_kwh: number;
  excess_cost: number | null;
}

export interface TimelineBar {
  id: string;
  /** epoch ms, clipped to the window */
  x1: number;
  /** epoch ms, clipped to the window, at least `minWidthMs` after x1 so an hour stays visible */
  x2: number;
  /** the lane's index (y) */
  lane: number;
  severity: string;
  /** the event runs on before or after the window */
  clippedStart: boolean;
  clippedEnd: boolean;
}

export interface TimelineLane {
  machine_id: string;
  machine_name: string;
  events: number;
  excess_kwh: number;
}

/**
 * One lane per machine with events in [from, to), the costliest machine first (excess kWh summed
 * over its events in the window, then by name), and each event as a bar clipped to the window.
 * A bar is drawn at least `minFraction` of the window wide (default 0.4 %: one hour of a 30-day
 * window is 0.14 % and would vanish), never past the window's end. Events outside the window
 * are left out.
 */
export function timelineLanes(events: TimelineEvent[], from: number, to: number, minFraction = 0.004): { lanes: TimelineLane[]; bars: TimelineBar[] } {
  const inWindow = events.filter((e) => Date.parse(e.end) > from && Date.parse(e.start) < to);
  const byMachine = new Map<string, TimelineLane>();
  for (const e of inWindow) {
    const lane = byMachine.get(e.machine_id) ?? { machine_id: e.machine_id, machine_name: e.machine_name, events: 0, excess_kwh: 0 };
    lane.events++;
    lane.excess_kwh += e.excess_kwh;
    byMachine.set(e.machine_id, lane);
  }
  const lanes = [...byMachine.values()].sort((a, b) => b.excess_kwh - a.excess_kwh || a.machine_name.localeCompare(b.machine_name));
  const index = new Map(lanes.map((l, i) => [l.machine_id, i]));
  const minWidth = (to - from) * minFraction;
  const bars = inWindow.map((e) => {
    const s = Date.parse(e.start);
    const en = Date.parse(e.end);
    const x1 = Math.max(from, s);
    let x2 = Math.min(to, en);
    if (x2 - x1 < minWidth) x2 = Math.min(to, x1 + minWidth);
    return { id: e.id, x1, x2, lane: index.get(e.machine_id)!, severity: e.severity, clippedStart: s < from, clippedEnd: en > to };
  });
  return { lanes, bars };
}

export interface PeakEvidence {
  time: string | null;
  score: number | null;
  actual_kwh: number | null;
  expected_kwh: number | null;
  max_power_kw: number | null;
  drivers: { name: string; value: number }[];
}

export interface EventEvidence {
  flagged_buckets: number | null;
  actual_kwh: number | null;
  expected_kwh: number | null;
  expected_source: string | null;
  peak: PeakEvidence | null;
  parameters: { name: string; value: string }[];
}

const n = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
const obj = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/**
 * The stored `evidence` of an event (README "## Anomalies": {flagged_buckets, actual_kwh,
 * expected_kwh, expected_source, peak: {time, score, actual_kwh, expected_kwh, max_power_kw,
 * drivers}, parameters}) read defensively: a detector that stores less (a gap, a silent meter)
 * gives nulls, never a crash; drivers and parameters sorted by name, numeric parameters shown
 * to 4 significant digits.
 */
export function readEvidence(evidence: Record<string, unknown>): EventEvidence {
  const peak = obj(evidence.peak);
  const drivers = obj(peak?.drivers) ?? {};
  const params = obj(evidence.parameters) ?? {};
  return {
    flagged_buckets: n(evidence.flagged_buckets),
    actual_kwh: n(evidence.actual_kwh),
    expected_kwh: n(evidence.expected_kwh),
    expected_source: typeof evidence.expected_source === "string" ? evidence.expected_source : null,
    peak: peak
      ? {
          time: typeof peak.time === "string" ? peak.time : null,
          score: n(peak.score),
          actual_kwh: n(peak.actual_kwh),
          expected_kwh: n(peak.expected_kwh),
          max_power_kw: n(peak.max_power_kw),
          drivers: Object.entries(drivers)
            .filter((e): e is [string, number] => n(e[1]) !== null)
            .map(([name, value]) => ({ name, value }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        }
      : null,
    parameters: Object.entries(params)
      // Detectors store full-precision floats (base_load_kwh 8.879297853301864): 4 significant digits are what a reader can use.
      .map(([name, value]) => ({ name, value: n(value) === null ? String(value) : (value as number).toLocaleString("en-GB", { maximumSignificantDigits: 4 }) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export interface SeriesPointIn {
  time: string;
  actual_kwh: number | null;
  expected_kwh: number | null;
  lower_kwh: number | null;
  upper_kwh: number | null;
}

/**
 * The detail chart's rows from GET /api/v1/anomaly/{id} series points: epoch-ms `t`, actual and
 * expected kWh, and the band as [lower, upper] (null where either end is missing, so the area
 * breaks rather than dropping to 0). Hours starting at or after `untilMs` (now: the context after
 * a recent event reaches into the future, where the profile still has an expectation) are left out.
 */
export function seriesRows(points: SeriesPointIn[], untilMs = Infinity): { t: number; actual: number | null; expected: number | null; band: [number, number] | null }[] {
  return points.filter((p) => Date.parse(p.time) < untilMs).map((p) => ({
    t: Date.parse(p.time),
    actual: p.actual_kwh,
    expected: p.expected_kwh,
    band: p.lower_kwh !== null && p.upper_kwh !== null ? [p.lower_kwh, p.upper_kwh] : null,
  }));
}
