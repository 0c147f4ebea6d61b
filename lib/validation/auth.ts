import { z } from "zod";
import { strictObject } from "./strict";
import { roles, scopes } from "@/lib/auth/permissions";

// Inputs of sign-in, users and API tokens (routes, the /signin and /admin pages, the CLI).

const PASSWORD_MIN = 10;
const PASSWORD_MAX = 256;

export const loginSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(200, "must be at most 200 characters")
  .regex(/^[^\s\u0000-\u001f]+$/, "must be one word without spaces or control characters");

/** Free text shown in lists (names): no control characters (PostgreSQL cannot store NUL; line breaks would forge log lines). */
const CONTROL = /[\u0000-\u001f\u007f]/;
const nameText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), "must not contain control characters");

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `must have at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must have at most ${PASSWORD_MAX} characters`);

/** Sign-in: the password is only checked for length bounds (a wrong one gets the same answer as an unknown login). */
export const signInSchema = strictObject({
  login: loginSchema,
  password: z.string().min(1, "is required").max(PASSWORD_MAX, `must have at most ${PASSWORD_MAX} characters`),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const roleSchema = z.enum(roles, { message: `must be one of ${roles.join(", ")}` });

export const createUserSchema = strictObject({
  login: loginSchema,
  display_name: nameText(200).optional(),
  password: passwordSchema,
  role: roleSchema,
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = strictObject({
  display_name: nameText(200).pipe(z.string().min(1, "must not be empty")).optional(),
  password: passwordSchema.optional(),
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
})
  .refine((v) => Object.keys(v).length > 0, "name at least one of display_name, password, role, disabled");
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const createTokenSchema = strictObject({
  name: nameText(100).pipe(z.string().min(1, "is required")),
  scopes: z
    .array(z.enum(scopes, { message: `must be one of ${scopes.join(", ")}` }))
    .min(1, "name at least one scope")
    .max(3),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const idSchema = z.uuid("must be a UUID");

/** Where to go after sign-in: a path on this site only (no //host, no scheme), else "/". */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next.startsWith("/signin")) return "/";
  return next.slice(0, 2000);
}

/** A user as the API answers it (never the password hash). */
export const userInfoSchema = z.object({
  id: z.string(),
  login: z.string(),
  display_name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  created_at: z.string(),
});
export type UserInfoJson = z.infer<typeof userInfoSchema>;

/** An API token as lists show it: the prefix, never the token. */
export const tokenInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(scopes)),
  created_by: z.string().nullable(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type TokenInfoJson = z.infer<typeof tokenInfoSchema>;

/** POST /api/v1/tokens answers the token itself, once. */
export const createdTokenSchema = tokenInfoSchema.extend({ token: z.string() });
