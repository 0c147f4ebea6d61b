import { grantsOf, type Principal } from "./permissions";

/** A principal as the API shows it: no session or token ids. */
export function principalJson(p: Principal) {
  const permissions = [...grantsOf(p)];
  if (p.kind === "user") return { kind: p.kind, name: p.name, login: p.login, role: p.role, permissions };
  if (p.kind === "token") return { kind: p.kind, name: p.name, scopes: p.scopes, permissions };
  return { kind: p.kind, name: p.name, role: p.role, permissions };
}
