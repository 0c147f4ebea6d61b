/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- the tests read nested JSON answers field by field */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { body, jsonRequest, params, useDatabase } from "../helpers/routes";
import { writeEnergy, writeTemperatures } from "../helpers/readings";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { trainBaseline } from "@/lib/analytics/baseline/train";
import { trainSchema } from "@/lib/validation/baseline";
import { detectAnomalies, raiseSilentMeters } from "@/lib/anomaly";
import { mulberry32 } from "@/lib/analytics/random";
import { POST as detectRoute } from "@/app/api/v1/anomaly/detect/route";
import { GET as listRoute } from "@/app/api/v1/anomaly/route";
import { GET as getRoute, PATCH as patchRoute } from "@/app/api/v1/anomaly/[id]/route";
import { PUT as putTariffRoute } from "@/app/api/v1/settings/tariff/route";

// Detection, events, workflow and the API on a small plant whose faults are known: P has no
// baseline (hour-of-week profile) and a 6-hour night excess of +10 kWh; B has a passing baseline
// (energy = 10 + 2·T) and a step of +5 kWh for 20 hours. Flat tariff 0.25 EUR/kWh.

const P = "a1000000-0000-0000-0000-000000000001";
const B = "a1000000-0000-0000-0000-000000000002";
const H = 3_600_000;
const T0 = Date.parse("2025-01-05T23:00:00Z"); // Monday 6 January 2025, 00:00 Berlin
const WEEK = 168 * H;
const DETECT_START = T0 + 4 * WEEK;
const DETECT_END = T0 + 5 * WEEK;
const LEAK = DETECT_START + 2 * 24 * H + H; // Wednesday 01:00 Berlin, 6 hours
const STEP = DETECT_START + 3 * 24 * H + 10 * H; // Thursday 10:00 Berlin, 20 hours
const iso = (ms: number) => new Date(ms).toISOString();

function noise(seed: number, n: number, sd: number): number[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: n }, () => sd * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()));
}

async function setup(db: TestDatabase["db"]): Promise<void> {
  await db.query(`INSERT INTO machines (id, site_id, name, type, rated_power_kw) VALUES ($1, $3, 'Profile-P', 'motor', 200), ($2, $3, 'Baseline-B', 'compressor', 200)`, [P, B, DEFAULT_SITE_ID]);
  await db.query(`INSERT INTO site_tariffs (site_id, currency, flat_price_per_kwh) VALUES ($1, 'EUR', 0.25)`, [DEFAULT_SITE_ID]);
  const n = 5 * 168;
  const np = noise(1, n, 0.3);
  const nb = noise(2, n, 0.3);
  const temps = Array.from({ length: n }, (_, i) => 5 + 4 * Math.sin((2 * Math.PI * i) / 24) + 3 * Math.sin((2 * Math.PI * i) / 150));
  const localHour = (i: number) => i % 24;
  const p: [number, number, number][] = [];
  const b: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    const t = T0 + i * H;
    const day = localHour(i) >= 6 && localHour(i) < 22 && i % 168 < 120;
    p.push([t, (day ? 40 : 8) + np[i]! + (t >= LEAK && t < LEAK + 6 * H ? 10 : 0), 3600]);
    b.push([t, 10 + 2 * temps[i]! + nb[i]! + (t >= STEP && t < STEP + 20 * H ? 5 : 0), 3600]);
  }
  await writeEnergy(db, P, p);
  await writeEnergy(db, B, b);
  await writeTemperatures(db, B, temps.map((c, i) => [T0 + i * H, c]));
  await trainBaseline(db, trainSchema.parse({ machine_id: B, start_date: iso(T0), end_date: iso(DETECT_START), drivers: ["avg_outdoor_temp_c"] }));
}

const detect = async (b: Record<string, unknown>) => {
  const res = await detectRoute(jsonRequest("/api/v1/anomaly/detect", b));
  return { status: res.status, body: (await body(res)) as Record<string, any> };
};
const list = async (q: Record<string, string>) => {
  const res = await listRoute(new Request(`http://localhost/api/v1/anomaly?${new URLSearchParams(q)}`));
  return { status: res.status, res, body: res.headers.get("content-type")?.includes("json") ? ((await body(res)) as Record<string, any>) : null };
};
const patch = (id: string, b: unknown, headers: Record<string, string> = {}) =>
  patchRoute(new Request(`http://localhost/api/v1/anomaly/${id}`, { method: "PATCH", body: JSON.stringify(b), headers: { "content-type": "application/json", ...headers } }), params({ id }));

describe.each(testTargets())("anomaly detection and events (%s)", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
    await setup(t.db);
  });
  afterAll(async () => t?.drop());

  describe("detection", () => {
    beforeEach(async () => {
      await t.db.query("TRUNCATE anomaly_events CASCADE");
    });

    it("finds the night excess of the machine without a baseline (hour-of-week profile) with its energy and cost", async () => {
      const r = await detect({ machine_id: P, start_date: iso(DETECT_START), end_date: iso(DETECT_END) });
      expect(r.status).toBe(200);
      expect(r.body.machines[0]).toMatchObject({ machine_id: P, expected_from: "profile", baseline_note: "no active baseline model", skipped: null });
      const events = r.body.events.filter((e: any) => e.detector === "profile");
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ machine_id: P, machine_name: "Profile-P", start: iso(LEAK), end: iso(LEAK + 6 * H), status: "open", currency: "EUR", baseline_model_id: null });
      expect(events[0].excess_kwh).toBeGreaterThan(57);
      expect(events[0].excess_kwh).toBeLessThan(63);
      expect(events[0].excess_cost).toBeCloseTo(events[0].excess_kwh * 0.25, 9);
      expect(r.body.events.every((e: any) => e.start >= iso(LEAK) && e.end <= iso(LEAK + 6 * H))).toBe(true);
    });

    it("finds the step against the baseline (residuals and CUSUM), naming the model", async () => {
      const r = await detect({ machine_id: B, start_date: iso(DETECT_START), end_date: iso(DETECT_END) });
      const m = r.body.machines[0];
      expect(m.expected_from).toBe("baseline");
      const residual = r.body.events.filter((e: any) => e.detector === "baseline_residual");
      expect(residual).toHaveLength(1);
      expect(residual[0]).toMatchObject({ start: iso(STEP), end: iso(STEP + 20 * H), severity: "high", baseline_model_version: 1 });
      expect(residual[0].baseline_model_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(residual[0].excess_kwh).toBeGreaterThan(90);
      expect(residual[0].excess_kwh).toBeLessThan(110);
      expect(residual[0].evidence.peak.drivers).toHaveProperty("avg_outdoor_temp_c");
      const cusum = r.body.events.filter((e: any) => e.detector === "cusum");
      expect(cusum).toHaveLength(1);
      expect(Math.abs(Date.parse(cusum[0].start) - STEP)).toBeLessThanOrEqual(2 * H);
      expect(r.body.events.every((e: any) => Date.parse(e.start) >= STEP - 2 * H && Date.parse(e.end) <= STEP + 22 * H)).toBe(true);
    });

    it("is idempotent: the same window twice creates and updates nothing", async () => {
      const first = await detectAnomalies(t.db, { start: new Date(DETECT_START), end: new Date(DETECT_END) });
      expect(first.created).toBeGreaterThanOrEqual(3);
      expect(first.machines).toBe(2);
      const before = (await list({ limit: "500" })).body!.items;
      const second = await detectAnomalies(t.db, { start: new Date(DETECT_START), end: new Date(DETECT_END) });
      expect(second).toEqual({ created: 0, updated: 0, machines: 2 });
      expect((await list({ limit: "500" })).body!.items).toEqual(before);
    });

    it("extends an event that grows in a later, overlapping window instead of repeating it", async () => {
      const cut = STEP + 10 * H;
      await detectAnomalies(t.db, { machineId: B, start: new Date(DETECT_START), end: new Date(cut) });
      const early = (await list({ machine_id: B, detector: "baseline_residual" })).body!.items;
      expect(early).toHaveLength(1);
      expect(early[0].end).toBe(iso(cut));
      const r = await detectAnomalies(t.db, { machineId: B, start: new Date(STEP - 24 * H), end: new Date(DETECT_END) });
      expect(r.updated).toBeGreaterThanOrEqual(1);
      const late = (await list({ machine_id: B, detector: "baseline_residual" })).body!.items;
      expect(late).toHaveLength(1);
      expect(late[0].id).toBe(early[0].id);
      expect(late[0].end).toBe(iso(STEP + 20 * H));
      // The excess adds the ten new hours only: about 5 kWh each on top of the first ten.
      expect(late[0].excess_kwh - early[0].excess_kwh).toBeGreaterThan(45);
      expect(late[0].excess_kwh - early[0].excess_kwh).toBeLessThan(55);
    });

    it("an event detected without a tariff and extended after one is set is priced whole, with its currency; its evidence covers the whole event", async () => {
      await t.db.query(`DELETE FROM site_tariffs WHERE site_id = $1`, [DEFAULT_SITE_ID]);
      const cut = STEP + 10 * H;
      await detectAnomalies(t.db, { start: new Date(DETECT_START), end: new Date(cut) });
      const early = (await list({ machine_id: B, detector: "baseline_residual" })).body!.items;
      expect(early).toHaveLength(1);
      expect(early[0]).toMatchObject({ excess_cost: null, currency: null });
      // The tariff set behind the API's back (as before this change): the extension alone must price the event.
      await t.db.query(`INSERT INTO site_tariffs (site_id, currency, flat_price_per_kwh) VALUES ($1, 'EUR', 0.25)`, [DEFAULT_SITE_ID]);
      await detectAnomalies(t.db, { start: new Date(STEP - 24 * H), end: new Date(DETECT_END) });
      const late = (await list({ machine_id: B, detector: "baseline_residual" })).body!.items;
      expect(late).toHaveLength(1);
      expect(late[0].id).toBe(early[0].id);
      expect(late[0].end).toBe(iso(STEP + 20 * H));
      // The whole event's excess (about 20 h × 5 kWh) × 0.25 EUR/kWh, not the ten new hours' alone.
      expect(late[0].excess_kwh).toBeGreaterThan(90);
      expect(late[0].excess_cost).toBeCloseTo(late[0].excess_kwh * 0.25, 9);
      expect(late[0].currency).toBe("EUR");
      // Evidence of the whole event: 20 flagged hours, each above its expectation, so actual − expected = excess.
      const ev = late[0].evidence;
      expect(ev.flagged_buckets).toBe(20);
      expect(Object.keys(ev.bucket_excess_kwh)).toHaveLength(20);
      expect(Object.values(ev.bucket_excess_kwh as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(late[0].excess_kwh, 9);
      expect(ev.actual_kwh - ev.expected_kwh).toBeCloseTo(late[0].excess_kwh, 2);
      // Never a cost without its currency; ranked by cost, events without one last by kWh.
      const items = (await list({ order: "cost", limit: "500" })).body!.items;
      expect(items.filter((e: any) => (e.excess_cost === null) !== (e.currency === null))).toEqual([]);
      const key = (e: any) => [e.excess_cost ?? -1, e.excess_kwh];
      for (let i = 1; i < items.length; i++) {
        const [a, b] = [key(items[i - 1]), key(items[i])];
        expect(a[0]! > b[0]! || (a[0] === b[0] && a[1]! >= b[1]!)).toBe(true);
      }
      expect(items[0].id).toBe(late[0].id);
    });

    it("setting the tariff prices every stored event again at it (PUT /api/v1/settings/tariff)", async () => {
      await t.db.query(`DELETE FROM site_tariffs WHERE site_id = $1`, [DEFAULT_SITE_ID]);
      await detectAnomalies(t.db, { start: new Date(DETECT_START), end: new Date(DETECT_END) });
      const before = (await list({ limit: "500" })).body!.items.filter((e: any) => e.detector !== "silent_meter");
      expect(before.length).toBeGreaterThanOrEqual(3);
      expect(before.every((e: any) => e.excess_cost === null && e.currency === null)).toBe(true);
      // Weekday nights (22:00–06:00) at 0.10, days at 0.30, weekends 0.15: P's leak, Wednesday 01:00–07:00
      // Berlin, is five night hours and one day hour; B's step, Thursday 10:00 to Friday 06:00, 12 day hours and 8 night hours.
      const tou = {
        currency: "EUR",
        periods: [
          { name: "night", days: "weekday", start: "22:00", end: "06:00", price_per_kwh: 0.1 },
          { name: "day", days: "weekday", start: "06:00", end: "22:00", price_per_kwh: 0.3 },
          { name: "weekend", days: "weekend", start: "00:00", end: "24:00", price_per_kwh: 0.15 },
        ],
      };
      expect((await putTariffRoute(jsonRequest("/api/v1/settings/tariff", tou, "PUT"))).status).toBe(200);
      const after = (await list({ limit: "500" })).body!.items.filter((e: any) => e.detector !== "silent_meter");
      expect(after.map((e: any) => e.id).sort()).toEqual(before.map((e: any) => e.id).sort());
      const berlinHour = (ms: number) => Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hour: "2-digit", hourCycle: "h23" }).format(ms));
      for (const e of after) {
        const byHour = Object.entries(e.evidence.bucket_excess_kwh as Record<string, number>);
        // All detection hours are weekdays but Saturday/Sunday of the detection week; price each by hand.
        const priceAt = (ms: number) => {
          const day = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", weekday: "short" }).format(ms);
          if (day === "Sat" || day === "Sun") return 0.15;
          const h = berlinHour(ms);
          return h >= 22 || h < 6 ? 0.1 : 0.3;
        };
        expect(byHour.reduce((s, [, v]) => s + v, 0)).toBeCloseTo(e.excess_kwh, 9);
        expect(e.currency).toBe("EUR");
        expect(e.excess_cost).toBeCloseTo(byHour.reduce((s, [k, v]) => s + v * priceAt(Date.parse(k)), 0), 9);
      }
      const leak = after.find((e: any) => e.machine_id === P && e.detector === "profile");
      const hours = Object.keys(leak.evidence.bucket_excess_kwh).map((k) => berlinHour(Date.parse(k)));
      expect(hours).toEqual([1, 2, 3, 4, 5, 6]);
      // Back to the flat 0.25 EUR/kWh the other tests use: every event at kWh × 0.25.
      expect((await putTariffRoute(jsonRequest("/api/v1/settings/tariff", { currency: "EUR", flat_price_per_kwh: 0.25 }, "PUT"))).status).toBe(200);
      for (const e of (await list({ limit: "500" })).body!.items.filter((x: any) => x.detector !== "silent_meter")) expect(e.excess_cost).toBeCloseTo(e.excess_kwh * 0.25, 9);
    });

    it("raises a silent meter once and extends it while the meter stays silent", async () => {
      const lastEnd = DETECT_END; // the last hourly reading ends here
      expect(await raiseSilentMeters(t.db, { now: new Date(lastEnd + 2 * H) })).toEqual({ created: 0, updated: 0 }); // within 3 h
      expect(await raiseSilentMeters(t.db, { now: new Date(lastEnd + 4 * H) })).toEqual({ created: 2, updated: 0 });
      expect(await raiseSilentMeters(t.db, { now: new Date(lastEnd + 4 * H) })).toEqual({ created: 0, updated: 0 });
      expect(await raiseSilentMeters(t.db, { now: new Date(lastEnd + 30 * H) })).toEqual({ created: 0, updated: 2 });
      const items = (await list({ detector: "silent_meter", machine_id: P })).body!.items;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ start: iso(lastEnd), end: iso(lastEnd + 30 * H), severity: "medium" });
      expect(await raiseSilentMeters(t.db, { now: new Date(lastEnd + 30 * H), silentAfterMs: 40 * H })).toEqual({ created: 0, updated: 0 });
    });
  });

  describe("workflow and reads", () => {
    let id: string;
    beforeAll(async () => {
      await t.db.query("TRUNCATE anomaly_events CASCADE");
      await detectAnomalies(t.db, { machineId: B, start: new Date(DETECT_START), end: new Date(DETECT_END) });
      id = (await list({ detector: "baseline_residual" })).body!.items[0].id;
    });

    it("GET /api/v1/anomaly/{id} gives the event, its history and the series around it with the band", async () => {
      const res = await getRoute(new Request(`http://localhost/api/v1/anomaly/${id}?context_hours=24`), params({ id }));
      expect(res.status).toBe(200);
      const e = (await body(res)) as any;
      expect(e.history).toEqual([expect.objectContaining({ from_status: null, to_status: "open", who: "detector" })]);
      expect(e.allowed_transitions).toEqual(["acknowledged", "resolved", "false_positive"]);
      expect(e.series.expected_from).toBe("baseline");
      expect(e.series.points).toHaveLength(24 + 20 + 24);
      expect(e.series.points[0].time).toBe(iso(STEP - 24 * H));
      const inside = e.series.points.filter((p: any) => p.in_event);
      expect(inside).toHaveLength(20);
      for (const p of inside) expect(p.actual_kwh).toBeGreaterThan(p.upper_kwh);
      const before = e.series.points[10];
      expect(before.actual_kwh).toBeGreaterThan(before.lower_kwh);
      expect(before.actual_kwh).toBeLessThan(before.upper_kwh);
      expect(before.expected_kwh).toBeGreaterThan(10);
    });

    it("PATCH moves open → acknowledged → resolved with note and who, and refuses what is not allowed with 409", async () => {
      let res = await patch(id, { status: "acknowledged", note: "valve checked" }, { "x-user": "maria" });
      expect(res.status).toBe(200);
      expect(((await body(res)) as any).status).toBe("acknowledged");
      res = await patch(id, { status: "open" });
      expect(res.status).toBe(409);
      const conflict = (await body(res)) as any;
      expect(conflict.allowed).toEqual(["resolved", "false_positive"]);
      expect(conflict.message).toContain("allowed: resolved, false_positive");
      res = await patch(id, { status: "resolved", note: "bypass closed", who: "jo" });
      const done = (await body(res)) as any;
      expect(done.history.map((h: any) => [h.from_status, h.to_status, h.who, h.note])).toEqual([
        [null, "open", "detector", "raised by the baseline_residual detector"],
        ["open", "acknowledged", "maria", "valve checked"],
        ["acknowledged", "resolved", "jo", "bypass closed"],
      ]);
      expect((await patch(id, { status: "acknowledged" })).status).toBe(409);
      expect((await patch(id, { status: "open", note: "came back" })).status).toBe(200);
      expect((await patch(id, { status: "false_positive" })).status).toBe(200);
    });

    it.each([
      ["POST detect without start_date", () => detect({ end_date: "2025-02-01" }), 400, "start_date"],
      ["POST detect with a sensitivity of 10", () => detect({ start_date: "2025-01-01", end_date: "2025-02-01", sensitivity: 10 }), 400, "sensitivity"],
      ["POST detect with end before start", () => detect({ start_date: "2025-02-01", end_date: "2025-01-01" }), 400, "start_date"],
      ["POST detect for an unknown machine", () => detect({ machine_id: "a1000000-0000-0000-0000-0000000000ff", start_date: "2025-01-01", end_date: "2025-02-01" }), 404, "machine"],
      ["POST detect with an unknown field", () => detect({ start_date: "2025-01-01", end_date: "2025-02-01", machine: "x" }), 400, "machine"],
      ["POST detect with an unknown detector", () => detect({ start_date: "2025-01-01", end_date: "2025-02-01", detectors: ["magic"] }), 400, "detectors.0"],
      ["GET list with limit 0", () => list({ limit: "0" }), 400, "limit"],
      ["GET list with an unknown status", () => list({ status: "closed" }), 400, "status"],
      ["GET list with a forged cursor", () => list({ cursor: "bm9wZQ" }), 400, "cursor"],
      ["GET list with from after to", () => list({ from: "2025-03-01", to: "2025-02-01" }), 400, "from"],
      ["PATCH with an unknown status", () => patch(id, { status: "done" }), 400, "status"],
      ["PATCH with a NUL in the note", () => patch(id, { status: "open", note: "a\u0000b" }), 400, "note"],
      ["PATCH with a NUL in who", () => patch(id, { status: "open", who: "x\u0000" }), 400, "who"],
      ["PATCH an unknown event", () => patch("a1000000-0000-0000-0000-0000000000ff", { status: "acknowledged" }), 404, "not found"],
      ["GET an event by a malformed id", () => getRoute(new Request("http://localhost/api/v1/anomaly/42"), params({ id: "42" })), 400, "event id"],
    ] as const)("%s → %i naming %s", async (_name, call, status, field) => {
      const r: any = await call();
      const s = r instanceof Response ? r.status : r.status;
      const b = r instanceof Response ? await body(r) : r.body;
      expect(s).toBe(status);
      expect(JSON.stringify(b)).toContain(field);
    });
  });

  describe("listing", () => {
    const ids: string[] = [];
    beforeAll(async () => {
      await t.db.query("TRUNCATE anomaly_events CASCADE");
      // 13 events: starts an hour apart (two share a start), costs in a known order, two without a tariff.
      for (let i = 0; i < 13; i++) {
        const start = T0 + (i === 12 ? 5 : i) * H;
        const cost = i === 3 || i === 7 ? null : (i * 7) % 13;
        const [row] = await t.db.query<{ id: string }>(
          `INSERT INTO anomaly_events (machine_id, detector, start_time, end_time, severity, peak_score, excess_kwh, excess_cost, status)
           VALUES ($1, 'profile', $2, $3, $4, 5, $5, $6, $7) RETURNING id::text AS id`,
          [i % 2 ? P : B, iso(start), iso(start + H), i % 3 === 0 ? "high" : "low", i, cost, i === 4 ? "resolved" : "open"],
        );
        ids.push(row!.id);
      }
    });

    async function all(q: Record<string, string>): Promise<any[]> {
      const out: any[] = [];
      let cursor: string | null = null;
      do {
        const page: any = (await list({ ...q, limit: "3", ...(cursor ? { cursor } : {}) })).body;
        expect(page.items.length).toBeLessThanOrEqual(3);
        out.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      return out;
    }

    it("pages by time (newest first, ties by id) without skipping or repeating", async () => {
      const items = await all({});
      expect(items).toHaveLength(13);
      const expected = [...items].sort((a, b) => (a.start === b.start ? (a.id < b.id ? 1 : -1) : a.start < b.start ? 1 : -1));
      expect(items.map((e) => e.id)).toEqual(expected.map((e) => e.id));
      expect(new Set(items.map((e) => e.id)).size).toBe(13);
    });

    it("pages by cost (most expensive first, events without a tariff last by kWh)", async () => {
      const items = await all({ order: "cost" });
      expect(items).toHaveLength(13);
      const key = (e: any) => [e.excess_cost ?? -1, e.excess_kwh];
      for (let i = 1; i < items.length; i++) {
        const [a, b] = [key(items[i - 1]), key(items[i])];
        expect(a[0]! > b[0]! || (a[0] === b[0] && a[1]! >= b[1]!)).toBe(true);
      }
      expect(items.slice(-2).map((e) => e.excess_cost)).toEqual([null, null]);
      expect(items.slice(-2).map((e) => e.excess_kwh)).toEqual([7, 3]);
    });

    it("filters by machine, status, severity and period", async () => {
      expect((await all({ machine_id: P })).every((e) => e.machine_id === P)).toBe(true);
      expect((await all({ status: "resolved" })).map((e) => e.id)).toEqual([ids[4]]);
      expect((await all({ severity: "high" })).length).toBe(5);
      // Events overlapping [T0 + 2 h, T0 + 4 h): those starting at 2 h and 3 h.
      expect((await all({ from: iso(T0 + 2 * H), to: iso(T0 + 4 * H) })).map((e) => e.id).sort()).toEqual([ids[2], ids[3]].sort());
    });

    it("format=csv gives one row per event with units in the header and the next cursor in a header", async () => {
      const r = await list({ format: "csv", limit: "5" });
      expect(r.status).toBe(200);
      expect(r.res.headers.get("content-type")).toContain("text/csv");
      expect(r.res.headers.get("x-next-cursor")).toBeTruthy();
      const lines = (await r.res.text()).trim().split("\r\n");
      expect(lines).toHaveLength(6);
      expect(lines[0]).toContain("excess_kwh (kWh)");
      expect(lines[1]!.split(",")[0]).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});
