import { mkdirSync } from "node:fs";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import * as schema from "./schema";
import type { Database, Queryable, Row } from "./types";

function toStdin(statement: string): string {
  // PGlite has no client stream; COPY reads a blob handed over with the query.
  return statement.replace(/FROM\s+STDIN/i, "FROM '/dev/blob'");
}

async function collect(chunks: Iterable<string> | AsyncIterable<string>): Promise<Blob> {
  const parts: string[] = [];
  for await (const c of chunks) parts.push(c);
  return new Blob(parts);
}

let savepoints = 0;

function wrap(conn: PGlite | Transaction): Queryable {
  const self: Queryable = {
    async savepoint(fn) {
      const name = `sp_${++savepoints}`;
      await conn.query(`SAVEPOINT ${name}`);
      try {
        const result = await fn(self);
        await conn.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await conn.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      }
    },
    async query<T extends Row>(text: string, params: unknown[] = []) {
      const result = await conn.query<T>(text, params);
      return result.rows;
    },
    async execute(text: string, params: unknown[] = []) {
      const result = await conn.query(text, params);
      return result.affectedRows ?? 0;
    },
    async copyFrom(statement, chunks) {
      const blob = await collect(chunks);
      await conn.query(toStdin(statement), [], { blob });
    },
    copyStream(statement) {
      // Buffered: PGlite runs in this thread, so there is no concurrency to gain; flush in blocks.
      let parts: string[] = [];
      let size = 0;
      const flush = async () => {
        if (parts.length === 0) return;
        const blob = new Blob(parts);
        parts = [];
        size = 0;
        await conn.query(toStdin(statement), [], { blob });
      };
      return Promise.resolve({
        async write(chunk: string) {
          parts.push(chunk);
          size += chunk.length;
          if (size > 8_000_000) await flush();
        },
        end: flush,
        abort: () => {
          parts = [];
          return Promise.resolve();
        },
      });
    },
  };
  return self;
}

/** A PGlite database, which can also be written out whole as an uncompressed tarball. */
export type EmbeddedDatabase = Database & { dumpDataDir(): Promise<Blob> };

/**
 * An embedded PostgreSQL (PGlite) in `dir`, or in memory when `dir` is undefined. `loadDataDir`
 * (a tarball from `dumpPglite`) starts it from that database instead of running initdb, about
 * 0.3 s instead of 1.2 s here: the tests open every in-memory database from a migrated one.
 */
export async function openPglite(dir: string | undefined, opts: { loadDataDir?: Blob } = {}): Promise<EmbeddedDatabase> {
  if (dir) mkdirSync(dir, { recursive: true });
  const pg = await PGlite.create(dir, opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  const base = wrap(pg);
  return {
    ...base,
    kind: "pglite",
    orm: drizzle(pg, { schema }),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
    dumpDataDir: () => pg.dumpDataDir("none"),
  };
}

