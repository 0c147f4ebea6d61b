import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { z } from "zod";
import { createUser, findCredentials, updateUser } from "@/lib/auth/users";
import { loginSchema, passwordSchema, roleSchema } from "@/lib/validation/auth";
import { fail, openForScript } from "./cli";

// npm run user:create -- --login maria@plant.example --role admin [--name "Maria K."] [--update]
// Creates a user (or, with --update, sets an existing user's role and password and enables them).
// The password comes from the USER_PASSWORD environment variable or the first line of stdin,
// never from the command line, which other users of the machine can read in the process list.

const usage = 'usage: npm run user:create -- --login <login> --role viewer|engineer|admin [--name "<display name>"] [--update]\n  password: USER_PASSWORD=… or one line on stdin';

async function readPassword(): Promise<string> {
  if (process.env.USER_PASSWORD) return process.env.USER_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write("Password (input is shown; pipe it or set USER_PASSWORD to avoid that): ");
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return "";
}

try {
  const { values } = parseArgs({ options: { login: { type: "string" }, role: { type: "string" }, name: { type: "string" }, update: { type: "boolean", default: false } } });
  if (!values.login || !values.role) fail(usage);
  const login = loginSchema.safeParse(values.login);
  const role = roleSchema.safeParse(values.role);
  if (!login.success) fail(`--login ${login.error.issues[0]?.message}`);
  if (!role.success) fail(`--role ${role.error.issues[0]?.message}`);
  const password = z.string().pipe(passwordSchema).safeParse(await readPassword());
  if (!password.success) fail(`password ${password.error.issues[0]?.message}`);
  const db = await openForScript();
  try {
    const existing = await findCredentials(db, login.data);
    if (existing && !values.update) fail(`A user ${login.data} exists; add --update to set their role and password`);
    const user = existing
      ? await updateUser(db, existing.id, { role: role.data, password: password.data, disabled: false, displayName: values.name })
      : await createUser(db, { login: login.data, displayName: values.name, password: password.data, role: role.data });
    console.log(`${existing ? "Updated" : "Created"} ${user.role} ${user.login} (${user.display_name}).`);
  } finally {
    await db.close();
  }
} catch (error) {
  fail(error);
}
