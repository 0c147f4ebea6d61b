import "server-only";
import { hash, verify, type Algorithm } from "@node-rs/argon2";

// argon2id with the OWASP Password Storage Cheat Sheet's first configuration: m = 19 MiB,
// t = 2, p = 1 (about 30 ms here). The parameters travel in the PHC string, so raising them later
// still verifies old hashes.
const ARGON2ID = 2 as Algorithm; // Algorithm.Argon2id; a const enum, which isolatedModules cannot inline
const options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Shortest and longest password accepted (NIST SP 800-63B: at least 8, allow at least 64). */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

/** The argon2id PHC string of a password. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

let dummy: Promise<string> | undefined;

/**
 * Whether `password` matches the PHC string. With `stored` null (no such user) a dummy hash is
 * verified anyway, so an unknown login costs the same time as a wrong password (no user
 * enumeration by timing).
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    dummy ??= hash("not-a-password-of-anyone", options);
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
