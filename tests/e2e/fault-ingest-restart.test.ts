import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres } from "@/lib/db/postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import type { Database } from "@/lib/db/types";
import { rebuildRollups } from "@/lib/timeseries/refresh";
import { levels, rollupTable, seriesKinds } from "@/lib/timeseries/definitions";
import { addMachines, allRows } from "../helpers/fixtures";
import { appEnv, hasPgBinaries, startPgCluster, type PgCluster } from "../helpers/pg-cluster";
import { startServer, type RunningServer } from "../helpers/server";

// The database restarts (pg_ctl restart: connections cut, server down for a moment) in the middle
// of a large CSV upload streamed to the real app: the request must end cleanly (a 503 with a
// message, or a completed import), never hang or answer a raw 500; the client then sends the same
// file again until it is accepted, and the rollups must equal a full recompute from the raw rows,
// every raw row there once (nothing lost, nothing doubled). On a private cluster of its own.

const MACHINES = ["f0000000-0000-0000-0000-000000000001", "f0000000-0000-0000-0000-000000000002", "f0000000-0000-0000-0000-000000000003", "f0000000-0000-0000-0000-000000000004"];
const MINUTES = 40_000;
const T0 = Date.UTC(2026, 0, 5);

function csvFile(): Buffer {
  const lines = ["time,machine_id,energy_kwh,power_kw\n"];
  for (let i = 0; i < MINUTES; i++) {
    const time = new Date(T0 + i * 60_000).toISOString();
    for (const [m, id] of MACHINES.entries()) {
      const kw = 20 + m * 5 + ((i * 7 + m) % 13);
      lines.push(`${time},${id},${(kw / 60).toFixed(6)},${kw}\n`);
    }
  }
  return Buffer.from(lines.join(""));
}

/** The file as a request body in 64 kB pieces; `atFraction` is called once that share of it has been handed over. */
function body(file: Buffer, atFraction?: { share: number; fn: () => void }): ReadableStream<Uint8Array> {
  let offset = 0;
  let fired = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= file.length) return controller.close();
      if (atFraction && !fired && offset >= file.length * atFraction.share) {
        fired = true;
        atFraction.fn();
      }
      controller.enqueue(file.subarray(offset, (offset += 65_536)));
    },
  });
}

async function upload(url: string, file: Buffer, atFraction?: { share: number; fn: () => void }): Promise<{ status: number; json: Record<string, unknown> } | { error: string }> {
  try {
    const res = await fetch(`${url}/api/v1/ingest/csv?kind=energy`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: body(file, atFraction),
      duplex: "half",
      // A hang fails the test instead of waiting forever.
      signal: AbortSignal.timeout(90_000),
    } as RequestInit);
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message} ${((error as { cause?: Error }).cause?.message) ?? ""}` };
  }
}

async function rollupSnapshot(db: Database) {
  const out: Record<string, unknown[]> = {};
  for (const kind of seriesKinds) for (const level of levels) out[rollupTable(kind, level)] = await allRows(db, rollupTable(kind, level));
  return out;
}

describe.skipIf(!hasPgBinaries())("a database restart during a streamed CSV ingest (private PostgreSQL cluster)", () => {
  let cluster: PgCluster;
  let db: Database;
  let server: RunningServer;

  beforeAll(async () => {
    cluster = await startPgCluster();
    await cluster.createDatabase("enms_fault");
    db = await openPostgres(cluster.url("enms_fault"), { max: 2 });
    await migrateDatabase(db);
    await addMachines(db, MACHINES);
    await db.query("UPDATE machines SET sample_interval = '1min'");
    server = await startServer(appEnv(cluster.url("enms_fault")), { ready: () => true });
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    await db?.close();
    cluster?.destroy();
  });

  it("fails the request cleanly or completes it, and a retry of the same file leaves rollups equal to a recompute", async () => {
    const file = csvFile();
    const rows = MINUTES * MACHINES.length;
    const first = await upload(server.url, file, { share: 0.4, fn: () => cluster.restart() });
    if ("error" in first) throw new Error(`the upload did not get an answer: ${first.error}\n${server.log().slice(-3000)}`);
    // Clean: completed, or a 503 saying the database could not be reached (never a 500).
    expect([200, 503], JSON.stringify(first.json)).toContain(first.status);
    if (first.status === 503) expect(String(first.json.message)).toMatch(/database/i);

    // The client retries the same file until it is accepted (the server may still be starting).
    let last: Awaited<ReturnType<typeof upload>> = first;
    for (let attempt = 0; attempt < 10 && !("status" in last && last.status === 200); attempt++) {
      await new Promise((r) => setTimeout(r, 1_000));
      last = await upload(server.url, file);
      if ("status" in last) expect(last.status, JSON.stringify(last.json)).not.toBe(500);
    }
    expect("status" in last && last.status, JSON.stringify(last)).toBe(200);

    const [count] = await db.query<{ n: number; distinct_keys: number }>(`SELECT count(*)::int AS n, count(DISTINCT (machine_id, time))::int AS distinct_keys FROM energy_readings`);
    expect(count).toEqual({ n: rows, distinct_keys: rows });
    const [pending] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM rollup_pending`);
    expect(pending!.n).toBe(0);
    const incremental = await rollupSnapshot(db);
    const minute = incremental[rollupTable("energy", "1min")]!;
    expect(minute.reduce((s: number, r) => s + Number((r as { sample_count: number }).sample_count), 0)).toBe(rows);
    await rebuildRollups(db);
    expect(await rollupSnapshot(db)).toEqual(incremental);
  }, 300_000);
});
