import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { env } from "@/lib/env";
import { AUTH_OFF_PHRASE } from "@/lib/auth/mode";
import { fail, openForScript } from "./cli";
import { seedWithProgress } from "./seed";
import { adoptDemoPlant, setDemoLiving } from "@/lib/demo/state";

// npm run demo – builds the app while the database is migrated and seeded (two cores, two jobs),
// then serves it. The seeding process closes the database before the server opens it: two
// processes must never hold one PGlite directory.
//
// The demo runs in open mode (no sign-in, a banner on every page) unless AUTH is set: it sets
// AUTH=off and the confirmation a production start requires (README "Security and access").
if (!process.env.AUTH?.trim()) process.env.AUTH = "off";
if (process.env.AUTH.trim().toLowerCase() === "off") process.env.AUTH_OFF_CONFIRM = AUTH_OFF_PHRASE;

function run(cmd: string, args: string[], quiet: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: quiet ? ["ignore", "pipe", "inherit"] : "inherit", env: process.env });
    let out = "";
    child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} failed (${code})\n${out.slice(-4000)}`))));
  });
}

try {
  const e = env();
  const started = Date.now();
  const skipBuild = process.env.DEMO_SKIP_BUILD === "1" && existsSync(".next/BUILD_ID");
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  let built = "";
  const build = skipBuild
    ? Promise.resolve()
    : run("npx", ["next", "build"], true).then(() => {
        built = seconds();
      });
  if (!skipBuild) console.log("Building the app in the background…");
  const db = await openForScript();
  if (await seedWithProgress(db, true)) console.log(`Demo plant seeded after ${seconds()} s.`);
  // A demo plant seeded earlier comes alive again: its readings are appended up to the present.
  else if (!(await setDemoLiving(db, true))) await adoptDemoPlant(db, e.DEMO_SEED, true);
  await db.close();
  await build;
  if (built) console.log(`App built after ${built} s.`);
  console.log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Serving on http://localhost:${e.PORT}`);
  await run("npx", ["next", "start", "-p", String(e.PORT)], false);
} catch (error) {
  fail(error);
}
