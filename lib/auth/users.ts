import "server-only";
import { AppError } from "@/lib/errors";
import type { Database, Queryable } from "@/lib/db/types";
import type { Role } from "./permissions";
import { hashPassword } from "./password";
import { deleteUserSessions } from "./sessions";

// People who sign in. Logins are kept as entered and compared case-insensitively (a unique index
// on lower(login)); the password hash never leaves this file's queries (UserInfo has none).

export interface UserInfo {
  id: string;
  login: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  created_at: string;
}

interface UserRow extends Record<string, unknown> {
  id: string;
  login: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  created_at: Date | string;
}

const COLUMNS = "id, login, display_name, role, disabled, created_at";
const info = (r: UserRow): UserInfo => ({ ...r, created_at: new Date(r.created_at).toISOString() });

/** The form a login is compared in (rate limits, look-ups): trimmed, lower-case. */
export function normaliseLogin(login: string): string {
  return login.trim().toLowerCase();
}

/** Creates a user; 409 when the login is taken. */
export async function createUser(db: Queryable, input: { login: string; displayName?: string | null; password: string; role: Role }): Promise<UserInfo> {
  const login = input.login.trim();
  const passwordHash = await hashPassword(input.password);
  const rows = await db.query<UserRow>(
    `INSERT INTO users (login, display_name, password_hash, role) VALUES ($1, $2, $3, $4)
     ON CONFLICT ((lower(login))) DO NOTHING RETURNING ${COLUMNS}`,
    [login, input.displayName?.trim() || login, passwordHash, input.role],
  );
  if (!rows[0]) throw new AppError("conflict", `A user with login ${login} already exists`);
  return info(rows[0]);
}

/** Every user, by login. */
export async function listUsers(db: Queryable): Promise<UserInfo[]> {
  return (await db.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY login`)).map(info);
}

/** A user's id, login and password hash by login, or null (sign-in). */
export async function findCredentials(db: Queryable, login: string): Promise<{ id: string; passwordHash: string; disabled: boolean } | null> {
  const [row] = await db.query<{ id: string; password_hash: string; disabled: boolean }>("SELECT id, password_hash, disabled FROM users WHERE lower(login) = $1", [normaliseLogin(login)]);
  return row ? { id: row.id, passwordHash: row.password_hash, disabled: row.disabled } : null;
}

/**
 * Changes a user's role, name, disabled flag or password. A change of role, password or a
 * disable signs the user out everywhere (their sessions are deleted). Refuses (409) to leave the
 * product without an enabled admin.
 */
export async function updateUser(
  db: Database,
  id: string,
  change: { role?: Role; displayName?: string; disabled?: boolean; password?: string },
): Promise<UserInfo> {
  // Hashed before the transaction: argon2 takes tens of milliseconds, the admins' rows stay locked less.
  const passwordHash = change.password === undefined ? null : await hashPassword(change.password);
  return db.transaction(async (tx) => {
    // The enabled admins' rows are locked (in id order) before the check: two admins demoting each
    // other at once would both see the other still enabled and leave none. The second now waits,
    // sees the first's change and gets the 409.
    const admins = await tx.query<{ id: string }>("SELECT id FROM users WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE");
    const [current] = await tx.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    if (!current) throw new AppError("not_found", `No user with id ${id}`);
    const losesAdmin = current.role === "admin" && !current.disabled && ((change.role !== undefined && change.role !== "admin") || change.disabled === true);
    if (losesAdmin && !admins.some((a) => a.id !== current.id)) throw new AppError("conflict", "This is the only enabled admin; make another user admin first");
    const [row] = await tx.query<UserRow>(
      `UPDATE users SET role = COALESCE($2, role), display_name = COALESCE($3, display_name), disabled = COALESCE($4, disabled),
         password_hash = COALESCE($5, password_hash), updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, change.role ?? null, change.displayName?.trim() || null, change.disabled ?? null, passwordHash],
    );
    const signOut = (change.role !== undefined && change.role !== current.role) || change.disabled === true || change.password !== undefined;
    if (signOut) await deleteUserSessions(tx, id);
    return info(row!);
  });
}

/**
 * Creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD when no admin exists (start-up);
 * answers whether one was created. Does nothing when either is unset or an admin exists.
 */
export async function ensureFirstAdmin(db: Database, login: string | undefined, password: string | undefined): Promise<boolean> {
  if (!login || !password) return false;
  const [admin] = await db.query("SELECT 1 FROM users WHERE role = 'admin' LIMIT 1");
  if (admin) return false;
  const existing = await findCredentials(db, login);
  if (existing) {
    await updateUser(db, existing.id, { role: "admin", disabled: false, password });
    return true;
  }
  await createUser(db, { login, password, role: "admin" });
  return true;
}
