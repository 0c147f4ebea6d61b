import { env } from "@/lib/env";

// Open mode (AUTH=off): everyone is the admin "anonymous". Meant for the embedded demo; a
// production start refuses it unless AUTH_OFF_CONFIRM carries the phrase below word for word.

export const AUTH_OFF_PHRASE = "anyone-who-can-reach-this-server-can-read-and-change-all-data";

/** Whether sign-in is required (AUTH=on, the default). */
export function authEnabled(): boolean {
  return env().AUTH === "on";
}

/**
 * The reason a server must not start, or null. Refuses AUTH=off under NODE_ENV=production
 * (`next start`) unless AUTH_OFF_CONFIRM is exactly AUTH_OFF_PHRASE.
 */
export function openModeRefusal(source: Record<string, string | undefined>): string | null {
  const auth = (source.AUTH ?? "on").trim().toLowerCase();
  if (auth !== "off" || source.NODE_ENV !== "production") return null;
  if (source.AUTH_OFF_CONFIRM === AUTH_OFF_PHRASE) return null;
  return (
    "Refusing to start: AUTH=off opens every page and API to anyone who can reach this server. " +
    `Set AUTH=on (and create an admin: ADMIN_EMAIL and ADMIN_PASSWORD, or npm run user:create), or confirm open mode with AUTH_OFF_CONFIRM=${AUTH_OFF_PHRASE}`
  );
}
