import { z } from "zod";
import { fetchJson } from "./fetch-json";
import { createdTokenSchema, tokenInfoSchema, userInfoSchema, type CreateTokenInput, type CreateUserInput, type UpdateUserInput } from "@/lib/validation/auth";

// Users and API tokens for the /admin page (GET/POST /api/v1/users, /api/v1/tokens).

export const usersQuery = () => ({
  queryKey: ["users"] as const,
  queryFn: async () => (await fetchJson("/api/v1/users", z.object({ items: z.array(userInfoSchema) }))).items,
});

export const tokensQuery = () => ({
  queryKey: ["tokens"] as const,
  queryFn: async () => (await fetchJson("/api/v1/tokens", z.object({ items: z.array(tokenInfoSchema) }))).items,
});

export const createUser = (input: CreateUserInput) => fetchJson("/api/v1/users", userInfoSchema, { json: input });
export const updateUser = (id: string, change: UpdateUserInput) => fetchJson(`/api/v1/users/${encodeURIComponent(id)}`, userInfoSchema, { method: "PATCH", json: change });
export const createToken = (input: CreateTokenInput) => fetchJson("/api/v1/tokens", createdTokenSchema, { json: input });
export const revokeToken = (id: string) => fetchJson(`/api/v1/tokens/${encodeURIComponent(id)}`, tokenInfoSchema, { method: "DELETE" });
