import { createdTokenSchema, createTokenSchema, createUserSchema, idSchema, signInSchema, tokenInfoSchema, updateUserSchema, userInfoSchema } from "@/lib/validation/auth";
import { operations } from "./registry";

// Sign-in, users and API tokens (lib/auth). Every other operation needs a session cookie or
// `Authorization: Bearer enms_…` with the permission lib/auth/policy.ts names: 401 without, 403
// with too little.

export const authOperations = operations(
  {
    method: "post",
    path: "/api/auth/signin",
    tag: "auth",
    summary: "Signs in with login and password; sets the HTTP-only session cookie",
    body: { schema: signInSchema },
    responses: { 204: "Signed in (Set-Cookie: enms_session)", 401: "Wrong login or password (the same answer for an unknown login)", 429: "Too many attempts; Retry-After says when to try again" },
  },
  { method: "post", path: "/api/auth/signout", tag: "auth", summary: "Ends the session (its row is deleted) and clears the cookie", responses: { 204: "Signed out", 401: "Not signed in" } },
  { method: "get", path: "/api/auth/me", tag: "auth", summary: "Who the request comes from: user (login, role) or token (scopes), and the permissions held", responses: { 200: "The principal", 401: "Not signed in" } },
  { method: "get", path: "/api/v1/users", tag: "auth", summary: "Every user (admin)", responses: { 200: "`{items: [user]}`", 401: "Not signed in", 403: "Not an admin" } },
  {
    method: "post",
    path: "/api/v1/users",
    tag: "auth",
    summary: "Creates a user (admin); the password is stored as an argon2id hash",
    body: { schema: createUserSchema },
    responses: { 201: { description: "The user", schema: userInfoSchema }, 403: "Not an admin", 409: "The login is taken" },
  },
  {
    method: "patch",
    path: "/api/v1/users/{id}",
    tag: "auth",
    summary: "Changes a user's role, name, password or disabled flag (admin); a new role, password or disabling signs them out",
    params: { id: idSchema },
    body: { schema: updateUserSchema },
    responses: { 200: { description: "The user", schema: userInfoSchema }, 403: "Not an admin", 404: "No such user", 409: "It would leave no enabled admin" },
  },
  { method: "get", path: "/api/v1/tokens", tag: "auth", summary: "Every API token: name, prefix, scopes, creator, created, last used, revoked (admin); never the token", responses: { 200: "`{items: [token]}`", 403: "Not an admin" } },
  {
    method: "post",
    path: "/api/v1/tokens",
    tag: "auth",
    summary: "Creates an API token with scopes ingest, read and/or admin (admin); `token` is in this answer only",
    body: { schema: createTokenSchema },
    responses: { 201: { description: "The token's row and the token (enms_…)", schema: createdTokenSchema }, 403: "Not an admin" },
  },
  {
    method: "delete",
    path: "/api/v1/tokens/{id}",
    tag: "auth",
    summary: "Revokes an API token (admin); requests with it answer 401 from then on",
    params: { id: idSchema },
    responses: { 200: { description: "The revoked token", schema: tokenInfoSchema }, 403: "Not an admin", 404: "No such token" },
  },
);
