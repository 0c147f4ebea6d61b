import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";

// COPY that the server rejects must fail where the caller can see it, with the server's error, and
// leave the transaction usable from the enclosing savepoint: the ingest writer COPYs new keys
// straight into the raw table and falls back to the upsert on a unique violation.

const failure = (error: unknown) => (error as { code?: string }).code;

describe.each(testTargets())("COPY failures on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    await t.db.query("CREATE TABLE copy_probe (k int PRIMARY KEY, v float8)");
  });
  afterAll(async () => t?.drop());

  const count = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM copy_probe"))[0]?.n;

  it("reports a unique violation found after the last row, and the transaction goes on", async () => {
    await t.db.query("TRUNCATE copy_probe");
    await t.db.query("INSERT INTO copy_probe VALUES (5, 1)");
    await t.db.transaction(async (tx) => {
      const err = await tx
        .savepoint((sp) => sp.copyFrom("COPY copy_probe (k, v) FROM STDIN WITH (FORMAT csv)", ["1,1\n2,2\n5,5\n"]))
        .then(() => null, (e: unknown) => e);
      expect(failure(err)).toBe("23505");
      await tx.copyFrom("COPY copy_probe (k, v) FROM STDIN WITH (FORMAT csv)", ["1,1\n2,2\n"]);
    });
    expect(await count()).toBe(3);
  });

  it("reports a violation in the first row of a long stream while more data is still being written", async () => {
    await t.db.query("TRUNCATE copy_probe");
    await t.db.query("INSERT INTO copy_probe VALUES (5, 1)");
    await t.db.transaction(async (tx) => {
      const err = await tx
        .savepoint(async (sp) => {
          const stream = await sp.copyStream("COPY copy_probe (k, v) FROM STDIN WITH (FORMAT csv)");
          await stream.write("5,5\n");
          for (let i = 0; i < 300; i++) {
            const lines: string[] = [];
            for (let j = 0; j < 1000; j++) lines.push(`${10 + i * 1000 + j},1\n`);
            await stream.write(lines.join(""));
          }
          await stream.end();
        })
        .then(() => null, (e: unknown) => e);
      expect(failure(err)).toBe("23505");
      expect((await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM copy_probe"))[0]?.n).toBe(1);
    });
    expect(await count()).toBe(1);
  });
});
