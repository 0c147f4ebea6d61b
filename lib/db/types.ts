import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema";

export type DatabaseKind = "pglite" | "postgresql" | "timescaledb";
export type Row = Record<string, unknown>;
export type Orm = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A connection or a transaction: parameterised SQL and COPY FROM STDIN. */
export interface Queryable {
  query<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs an INSERT, UPDATE or DELETE and returns how many rows it affected. */
  execute(text: string, params?: unknown[]): Promise<number>;
  /**
   * Runs `COPY table (cols) FROM STDIN WITH (FORMAT csv)` with the given CSV chunks.
   * The statement must say FROM STDIN; PGlite reads it from a blob instead.
   */
  copyFrom(statement: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<void>;
  /**
   * Runs fn inside a savepoint of the current transaction: if fn throws, only its work is undone
   * and the transaction goes on (postgres.js otherwise fails the whole transaction).
   */
  savepoint<T>(fn: (sp: Queryable) => Promise<T>): Promise<T>;
  /** A COPY FROM STDIN kept open while data arrives, so the database works while the caller parses. */
  copyStream(statement: string): Promise<CopyStream>;
}

export interface CopyStream {
  write(chunk: string): Promise<void>;
  end(): Promise<void>;
  /** Abandons the COPY (CopyFail), leaving the connection usable for ROLLBACK. */
  abort(reason: Error): Promise<void>;
}

export interface Database extends Queryable {
  /** What the connection reached; "timescaledb" once the extension is installed in it. */
  kind: DatabaseKind;
  /** The same connection through drizzle, for typed CRUD. */
  orm: Orm;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
