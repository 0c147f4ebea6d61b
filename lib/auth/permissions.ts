// Roles, token scopes and the permissions they grant. Free of server imports: the browser uses it
// to hide what a role cannot do (the server still decides, through lib/auth/policy.ts).

export const roles = ["viewer", "engineer", "admin"] as const;
export type Role = (typeof roles)[number];

export const scopes = ["ingest", "read", "admin"] as const;
export type Scope = (typeof scopes)[number];

/**
 * What a request may need:
 * - read: see data and compute from it without storing anything (GET, and POSTs such as fit,
 *   predict, deviation, forecast that only calculate);
 * - ingest: post readings, bills and CSV files (meters, importers);
 * - operate: change the analysis – train and activate baselines, detect and move anomalies, run
 *   jobs, register machines and set their meters, save import profiles;
 * - admin: plant settings (sites, tariff, emission factors), users and API tokens.
 */
export const permissions = ["read", "ingest", "operate", "admin"] as const;
export type Permission = (typeof permissions)[number];

export const roleGrants: Record<Role, readonly Permission[]> = {
  viewer: ["read"],
  engineer: ["read", "ingest", "operate"],
  admin: permissions,
};

/** Token scopes: read → read routes, ingest → ingest routes, admin → everything. */
export const scopeGrants: Record<Scope, readonly Permission[]> = {
  read: ["read"],
  ingest: ["ingest"],
  admin: permissions,
};

/** Who made a request: a signed-in user, a program with a token, or everyone in open mode. */
export type Principal =
  | { kind: "user"; userId: string; login: string; name: string; role: Role; sessionId: string }
  | { kind: "token"; tokenId: string; name: string; scopes: Scope[] }
  | { kind: "open"; name: "anonymous"; role: "admin" };

/** The permissions a principal holds. */
export function grantsOf(p: Principal): ReadonlySet<Permission> {
  if (p.kind === "open") return new Set(permissions);
  if (p.kind === "user") return new Set(roleGrants[p.role]);
  return new Set(p.scopes.flatMap((s) => scopeGrants[s]));
}

/** Whether a principal holds a permission. */
export function can(p: Principal, permission: Permission): boolean {
  return grantsOf(p).has(permission);
}

/** The roles and scopes that hold a permission, for 403 messages ("needs role engineer or admin"). */
export function holdersOf(permission: Permission): { roles: Role[]; scopes: Scope[] } {
  return {
    roles: roles.filter((r) => roleGrants[r].includes(permission)),
    scopes: scopes.filter((s) => scopeGrants[s].includes(permission)),
  };
}
