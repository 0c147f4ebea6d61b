import "server-only";
import type { Queryable } from "@/lib/db/types";
import type { Role } from "./permissions";
import { randomSecret, sha256Hex } from "./secrets";

// Server-side sessions (OWASP Session Management Cheat Sheet, Lucia's session guide): the
// browser holds 256 random bits in an HTTP-only cookie, the database only their SHA-256. A
// session lives SESSION_TTL_MS and is extended by another full lifetime when it is used in its
// second half, so an active user stays signed in and an idle one is out after 7 days.

export { SESSION_COOKIE } from "./cookie";
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

export interface SessionUser {
  sessionId: string;
  userId: string;
  login: string;
  name: string;
  role: Role;
  expiresAt: Date;
}

/** Stores a new session of a user; answers the token for the cookie (never stored) and its expiry. */
export async function createSession(db: Queryable, userId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomSecret();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.execute("INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, $3)", [sha256Hex(token), userId, expiresAt.toISOString()]);
  return { token, expiresAt };
}

interface SessionJoin extends Record<string, unknown> {
  id: string;
  user_id: string;
  expires_at: Date | string;
  login: string;
  display_name: string;
  role: Role;
  disabled: boolean;
}

/**
 * The user a session token belongs to, or null when the token is unknown, expired (the row is
 * deleted) or its user is disabled. Extends the session when past half its life (`renewed`).
 */
export async function validateSession(db: Queryable, token: string, now = new Date()): Promise<(SessionUser & { renewed: boolean }) | null> {
  if (!token || token.length > 200) return null;
  const id = sha256Hex(token);
  const [row] = await db.query<SessionJoin>(
    `SELECT s.id, s.user_id, s.expires_at, u.login, u.display_name, u.role, u.disabled
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
    [id],
  );
  if (!row) return null;
  let expiresAt = new Date(row.expires_at);
  if (expiresAt.getTime() <= now.getTime()) {
    await db.execute("DELETE FROM sessions WHERE id = $1", [id]);
    return null;
  }
  if (row.disabled) return null;
  let renewed = false;
  if (expiresAt.getTime() - now.getTime() < SESSION_TTL_MS / 2) {
    expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await db.execute("UPDATE sessions SET expires_at = $2 WHERE id = $1", [id, expiresAt.toISOString()]);
    renewed = true;
  }
  return { sessionId: id, userId: row.user_id, login: row.login, name: row.display_name, role: row.role, expiresAt, renewed };
}

/** Deletes a session (sign-out) by its id, the token's hash. */
export async function deleteSession(db: Queryable, sessionId: string): Promise<void> {
  await db.execute("DELETE FROM sessions WHERE id = $1", [sessionId]);
}

/** Deletes every session of a user (disabled, role changed, password changed). */
export async function deleteUserSessions(db: Queryable, userId: string): Promise<void> {
  await db.execute("DELETE FROM sessions WHERE user_id = $1", [userId]);
}

/** Deletes expired sessions; answers how many. */
export async function purgeExpiredSessions(db: Queryable, now = new Date()): Promise<number> {
  return db.execute("DELETE FROM sessions WHERE expires_at <= $1", [now.toISOString()]);
}
