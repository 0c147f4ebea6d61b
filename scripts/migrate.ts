import { fail, openForScript } from "./cli";

// npm run db:migrate – one connection, drizzle migrations then rollups; non-zero exit on failure.
try {
  const db = await openForScript();
  console.log(`Migrated (${db.kind}).`);
  await db.close();
} catch (error) {
  fail(error);
}
