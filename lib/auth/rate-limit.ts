import "server-only";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

// Sign-in attempts per instance, in memory (rate-limiter-flexible). Every attempt counts before
// the password is checked, so parallel guesses cannot race past the limit; a success clears the
// login's count from that address. With several instances behind a load balancer each keeps its
// own counts, so an attacker gets at most (instances × limit) guesses: README "Security".
// The limiter keys hold a login and an address only, never a password.

/** Attempts at one login from one address per window (OWASP: lock after a few failures). */
export const PER_LOGIN_AND_ADDRESS = { points: 5, duration: 15 * 60 };
/** Attempts at one login from anywhere (slows spraying from many addresses, at the cost of a 1 h lock-out of that login). */
export const PER_LOGIN = { points: 20, duration: 60 * 60 };
/** Attempts from one address at any login (slows credential stuffing). */
export const PER_ADDRESS = { points: 100, duration: 15 * 60 };

const byLoginAndAddress = new RateLimiterMemory({ keyPrefix: "signin_la", ...PER_LOGIN_AND_ADDRESS });
const byLogin = new RateLimiterMemory({ keyPrefix: "signin_l", ...PER_LOGIN });
const byAddress = new RateLimiterMemory({ keyPrefix: "signin_a", ...PER_ADDRESS });

/** Counts a sign-in attempt; answers null when allowed, else the seconds to wait (Retry-After). */
export async function takeSignInAttempt(login: string, address: string): Promise<number | null> {
  try {
    await byAddress.consume(address);
    await byLogin.consume(login);
    await byLoginAndAddress.consume(`${login}\u0000${address}`);
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

/** After a successful sign-in: that login's attempts from that address start again. */
export async function clearSignInAttempts(login: string, address: string): Promise<void> {
  await byLoginAndAddress.delete(`${login}\u0000${address}`);
  await byLogin.reward(login, 1);
}


/** The client's address as the proxy in front reports it (first X-Forwarded-For hop), else "direct". */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || "direct";
}
