import "server-only";
import { AppError } from "@/lib/errors";
import type { Queryable } from "@/lib/db/types";
import type { Scope } from "./permissions";
import { randomSecret, sha256Hex } from "./secrets";

// API tokens of meters and scripts: `enms_` + 256 random bits (base64url), shown once at
// creation; the database keeps their SHA-256 and a 12-character prefix to tell them apart.

export const TOKEN_PREFIX = "enms_";
const SHOWN_PREFIX_LENGTH = 12;
/** last_used_at is written at most this often per token, so a meter posting every second costs no write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiTokenInfo {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

interface TokenRow extends Record<string, unknown> {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  created_by: string | null;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function info(r: TokenRow): ApiTokenInfo {
  return { id: r.id, name: r.name, prefix: r.prefix, scopes: r.scopes, created_by: r.created_by, created_at: iso(r.created_at)!, last_used_at: iso(r.last_used_at), revoked_at: iso(r.revoked_at) };
}

const COLUMNS = "t.id, t.name, t.prefix, t.scopes, u.login AS created_by, t.created_at, t.last_used_at, t.revoked_at";

/** Creates a token; answers its row and the token itself (the only time it is ever available). */
export async function createApiToken(db: Queryable, input: { name: string; scopes: Scope[]; createdBy: string | null }): Promise<{ token: string; info: ApiTokenInfo }> {
  const token = TOKEN_PREFIX + randomSecret();
  const scopes = [...new Set(input.scopes)].sort();
  const [row] = await db.query<{ id: string }>(
    "INSERT INTO api_tokens (name, token_hash, prefix, scopes, created_by) VALUES ($1, $2, $3, $4::text[], $5) RETURNING id",
    [input.name, sha256Hex(token), token.slice(0, SHOWN_PREFIX_LENGTH), scopes, input.createdBy],
  );
  const [created] = await db.query<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by WHERE t.id = $1`, [row!.id]);
  return { token, info: info(created!) };
}

/** Every token, newest first (revoked ones too, marked). */
export async function listApiTokens(db: Queryable): Promise<ApiTokenInfo[]> {
  const rows = await db.query<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by ORDER BY t.created_at DESC, t.id`);
  return rows.map(info);
}

/** Revokes a token (idempotent); 404 when there is no such token. */
export async function revokeApiToken(db: Queryable, id: string, now = new Date()): Promise<ApiTokenInfo> {
  await db.execute("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1", [id, now.toISOString()]);
  const [row] = await db.query<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by WHERE t.id = $1`, [id]);
  if (!row) throw new AppError("not_found", `No API token with id ${id}`);
  return info(row);
}

/**
 * The token a bearer value stands for, or null when unknown or revoked. Records the use in
 * last_used_at when the stored time is older than LAST_USED_RESOLUTION_MS.
 */
export async function validateApiToken(db: Queryable, bearer: string, now = new Date()): Promise<{ id: string; name: string; scopes: Scope[] } | null> {
  if (!bearer.startsWith(TOKEN_PREFIX) || bearer.length > 200) return null;
  const [row] = await db.query<{ id: string; name: string; scopes: Scope[]; last_used_at: Date | string | null; revoked_at: Date | string | null }>(
    "SELECT id, name, scopes, last_used_at, revoked_at FROM api_tokens WHERE token_hash = $1",
    [sha256Hex(bearer)],
  );
  if (!row || row.revoked_at !== null) return null;
  const last = row.last_used_at === null ? null : new Date(row.last_used_at).getTime();
  if (last === null || now.getTime() - last >= LAST_USED_RESOLUTION_MS) {
    await db.execute("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", [row.id, now.toISOString()]);
  }
  return { id: row.id, name: row.name, scopes: row.scopes };
}
