import { z } from "zod";
import { parseJobSchedules } from "@/lib/jobs/schedules";

// Every environment variable the product reads, parsed once. A bad value stops start-up
// with a message that names the variable (t3-style env validation).
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: "must be a postgres:// or postgresql:// URL (leave it unset for the embedded database)",
    }),
  PGLITE_DIR: z.string().trim().min(1).default(".data/pglite"),
  DEMO_DAYS: z.coerce.number().int().min(1).max(3660).default(90),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DEMO_SEED: z.coerce.number().int().default(42),
  PLANT_TZ: z
    .string()
    .default("Europe/Berlin")
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "must be an IANA time zone such as Europe/Berlin"),
  /** "off" disables seeding the demo plant on first start of the embedded database. */
  DEMO_SEED_ON_START: z.enum(["on", "off"]).default("on"),
  /** Least severe level of the JSON log lines written to stdout (pino levels). */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { message: "must be fatal, error, warn, info, debug, trace or silent" }).default("info"),
  /** "off": the server does not migrate the database at start (run `npm run db:migrate` first; see README "Deployment"). */
  MIGRATE_ON_START: z.enum(["on", "off"]).default("on"),
  /** "off": the in-process job scheduler does not start (manual runs through the API still work). */
  SCHEDULER: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
  /** "off": open mode, everyone acts as the admin "anonymous" (demo); a production start also needs AUTH_OFF_CONFIRM (lib/auth/mode.ts). */
  AUTH: z
    .string()
    .default("on")
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.enum(["on", "off"], { message: "must be on or off" })),
  /** The exact phrase that lets `next start` run with AUTH=off. */
  AUTH_OFF_CONFIRM: z.string().optional(),
  /** With ADMIN_PASSWORD: an admin created at start when the database has none. */
  ADMIN_EMAIL: z.string().trim().min(1).max(200).optional(),
  ADMIN_PASSWORD: z.string().min(10, "must have at least 10 characters").max(256).optional(),
  /** Job schedules overriding the defaults: `name=cron;name=off` (lib/jobs/schedules.ts). */
  JOB_SCHEDULES: z
    .string()
    .default("")
    .transform((text, ctx) => {
      try {
        return parseJobSchedules(text);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** Tests: forget the parsed environment, so the next env() reads process.env again. */
export function resetEnv(): void {
  cached = undefined;
}

/** The validated environment of this process. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
