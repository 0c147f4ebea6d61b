// What must never reach a log line: credentials in connection strings and the headers that carry
// a user's or a program's identity. Kept apart from the logger so it is unit-tested on its own.

/** Header names whose values are replaced by "[redacted]" wherever headers are logged. */
export const secretHeaders = ["authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key"] as const;

/** pino `redact` paths: the secret headers under the places our log lines put headers. */
export const redactPaths = [
  ...secretHeaders.flatMap((h) => [`headers["${h}"]`, `req.headers["${h}"]`, `request.headers["${h}"]`, `res.headers["${h}"]`]),
  "password",
  "*.password",
  "DATABASE_URL",
  "*.DATABASE_URL",
  // Sign-in and API tokens (lib/auth): never logged on purpose; these catch an accident.
  "ADMIN_PASSWORD",
  "*.ADMIN_PASSWORD",
  "token",
  "*.token",
  "session_token",
];

// user:password@ in any URL scheme (postgres://, postgresql://, https://): the password goes.
const urlPassword = /([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@\s]*@/gi;
// key=value connection strings (libpq's "password=…").
const keywordPassword = /(\bpassword\s*=\s*)('[^']*'|"[^"]*"|\S+)/gi;

/** The text with any password of a URL or a libpq keyword string replaced by "***". */
export function scrubSecrets(text: string): string {
  return text.replace(urlPassword, "$1:***@").replace(keywordPassword, "$1***");
}
