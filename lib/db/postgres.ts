import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "./schema";
import type { Database, Queryable, Row } from "./types";

type Sql = postgres.Sql | postgres.TransactionSql;

// int8 and numeric arrive as strings from postgres.js by default; our SQL casts what it
// returns, so keep the defaults and never parse numbers by accident.
function wrap(sql: Sql): Queryable {
  return {
    async query<T extends Row>(text: string, params: unknown[] = []) {
      const rows = await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      return rows as unknown as T[];
    },
    async execute(text: string, params: unknown[] = []) {
      const result = await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      return result.count;
    },
    async savepoint(fn) {
      if (!("savepoint" in sql)) throw new Error("savepoint() needs a transaction");
      return (await sql.savepoint((sp) => fn(wrap(sp)))) as Awaited<ReturnType<typeof fn>>;
    },
    async copyFrom(statement, chunks) {
      const stream = await this.copyStream(statement);
      for await (const chunk of chunks) await stream.write(chunk);
      await stream.end();
    },
    async copyStream(statement) {
      const query = sql.unsafe(statement);
      // postgres.js settles the query with the stream as soon as COPY starts; an error the server
      // reports after the last row (a unique violation, say) goes to the query's reject, which can
      // no longer settle anything, and the stream then neither finishes nor fails. Hook that
      // reject (postgres.js 3.4 keeps it on the query) so the failure reaches the caller.
      let fail: (error: Error) => void = () => undefined;
      const rejected = new Promise<never>((_, reject) => (fail = reject));
      const hooked = query as unknown as { reject?: (error: unknown) => void };
      const reject = hooked.reject;
      if (typeof reject === "function") {
        hooked.reject = (error) => {
          fail(error instanceof Error ? error : new Error(String(error)));
          reject(error);
        };
      }
      const stream = await query.writable();
      let failure: Error | undefined;
      const finished = Promise.race([
        rejected,
        new Promise<void>((resolve, reject) => {
          stream.on("error", reject);
          stream.on("finish", resolve);
        }),
      ]);
      finished.catch((error: Error) => (failure ??= error));
      return {
        async write(chunk) {
          if (failure) throw failure;
          // A failed stream never drains: wait for whichever comes first (a failure throws here).
          if (!stream.write(chunk)) await Promise.race([new Promise((r) => stream.once("drain", r)), finished]);
        },
        async end() {
          if (!failure) stream.end();
          await finished;
        },
        async abort(reason) {
          stream.destroy(reason);
          await finished.catch(() => undefined);
        },
      };
    },
  };
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  // extra_float_digits > 0: float8 as text is the shortest exact form (series are read as text).
  // connect_timeout: an unreachable server fails a request (503) within 10 s, not postgres.js's 30.
  const sql = postgres(url, { max: options.max ?? 10, onnotice: () => {}, prepare: true, connect_timeout: 10, connection: { extra_float_digits: 1 } });
  const base = wrap(sql);
  let ext: { n: number }[];
  try {
    ext = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'timescaledb'`;
  } catch (error) {
    // The pool would otherwise stay open (and keep retrying) behind a database nobody holds.
    await sql.end({ timeout: 1 }).catch(() => undefined);
    throw error;
  }
  return {
    ...base,
    kind: (ext[0]?.n ?? 0) > 0 ? "timescaledb" : "postgresql",
    orm: drizzle(sql, { schema }),
    transaction: async (fn) => (await sql.begin((tx) => fn(wrap(tx)))) as Awaited<ReturnType<typeof fn>>,
    close: () => sql.end({ timeout: 5 }),
  };
}
