import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

// Who may use the product (lib/auth): people with a password and a role, their sessions, and the
// API tokens of meters and scripts. Secrets are never stored: sessions and tokens keep only the
// SHA-256 of the random value the client holds, passwords only their argon2id hash.

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The sign-in name (an e-mail address or a short login), as entered; unique and matched case-insensitively. */
    login: text("login").notNull(),
    displayName: text("display_name").notNull(),
    /** PHC string of an argon2id hash ($argon2id$v=19$m=…,t=…,p=…$salt$hash). */
    passwordHash: text("password_hash").notNull(),
    /** viewer | engineer | admin (lib/auth/permissions.ts). */
    role: text("role").notNull(),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_login_key").on(sql`lower(${t.login})`), check("users_role_check", sql`${t.role} IN ('viewer', 'engineer', 'admin')`)],
);

export type UserRow = typeof users.$inferSelect;

/** A signed-in browser. `id` is the SHA-256 (hex) of the cookie's token, never the token itself. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Moved forward when the session is used past half its lifetime (sliding expiry). */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

export type SessionRow = typeof sessions.$inferSelect;

/** A program's credential: `Authorization: Bearer enms_…`, scoped, revocable. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** SHA-256 (hex) of the whole token. */
    tokenHash: text("token_hash").notNull(),
    /** The token's first characters (e.g. "enms_3fA9c2"), shown in lists to tell tokens apart; not a secret. */
    prefix: text("prefix").notNull(),
    /** Subset of ingest | read | admin. */
    scopes: text("scopes").array().notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Updated at most once a minute per token (lib/auth/api-tokens.ts). */
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("api_tokens_hash_key").on(t.tokenHash),
    check("api_tokens_scopes_check", sql`cardinality(${t.scopes}) > 0 AND ${t.scopes} <@ ARRAY['ingest', 'read', 'admin']::text[]`),
  ],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;
