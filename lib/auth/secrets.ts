import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** A fresh random secret of `bytes` bytes (256 bits by default), base64url without padding. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/**
 * SHA-256 of a secret, hex. Session and API tokens carry 256 random bits, so a fast hash is what
 * the OWASP session cheat sheet and the Lucia guide use: a leaked table gives nothing to guess.
 */
export function sha256Hex(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
