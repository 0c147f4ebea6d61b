import { createReadStream, statSync } from "node:fs";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { ingestUpload } from "@/lib/ingest/upload";
import { importWithProfile } from "@/lib/import/with-profile";
import { csvQuerySchema } from "@/lib/validation/ingest";
import { profileQuerySchema } from "@/lib/validation/import-profiles";
import { fail, openForScript } from "./cli";

// npm run import -- --kind energy FILE.csv [--tz Europe/Berlin] [--on-error skip] [--timestamp-position end]
//   [--period-end inclusive] (bills) [--delimiter ";"] [--decimal ","] (detected from the header when left out)
// npm run import -- --profile "Utility portal" FILE.csv [--on-error skip] [--tz …] (a saved import profile: kind and columns from it)

const { values, positionals } = parseArgs({
  options: {
    kind: { type: "string" },
    profile: { type: "string" },
    tz: { type: "string" },
    "on-error": { type: "string" },
    "timestamp-position": { type: "string" },
    "period-end": { type: "string" },
    delimiter: { type: "string" },
    decimal: { type: "string" },
  },
  allowPositionals: true,
});
const usage =
  "Usage: npm run import -- --kind energy|production|environmental|bill|register FILE.csv [--tz ZONE] [--on-error abort|skip] [--timestamp-position start|end] [--period-end exclusive|inclusive] [--delimiter ,|;|tab] [--decimal .|,]\n       npm run import -- --profile NAME FILE.csv [--on-error abort|skip] [--tz ZONE] [--timestamp-position start|end] [--delimiter …] [--decimal …]";
const fileArg = { file: z.string({ message: "give the CSV file to import" }) };
const options = {
  tz: values.tz,
  on_error: values["on-error"],
  timestamp_position: values["timestamp-position"],
  period_end: values["period-end"],
  delimiter: values.delimiter,
  decimal: values.decimal,
  file: positionals[0],
};
const args = (values.profile === undefined ? csvQuerySchema.extend(fileArg) : profileQuerySchema.extend(fileArg)).safeParse(
  values.profile === undefined ? { ...options, kind: values.kind } : { ...options, profile: values.profile },
);
if (!args.success) fail(`${usage}\n${args.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
const file = args.data.file;
const what = "profile" in args.data ? `with profile ${args.data.profile}` : args.data.kind;
const query = args.data;

try {
  const size = statSync(file).size;
  const db = await openForScript();
  const bar = new cliProgress.SingleBar({ format: `Importing ${what} [{bar}] {percentage}% | {rows} rows` }, cliProgress.Presets.shades_classic);
  bar.start(size, 0, { rows: 0 });
  let bytes = 0;
  const stream = createReadStream(file);
  stream.on("data", (chunk) => {
    bytes += chunk.length;
  });
  const progress = (rows: number) => bar.update(bytes, { rows });
  const result = "profile" in query ? await importWithProfile(db, query, stream, progress) : await ingestUpload(db, query, stream, progress);
  bar.update(size, { rows: result.received });
  bar.stop();
  console.log(`${result.written} rows written, ${result.rejected_count} rejected; rollups refreshed (${result.rollups.buckets} buckets).`);
  for (const r of result.rejected.slice(0, 20)) console.log(`  line ${r.line}, ${r.column ?? r.field}: ${r.message}`);
  if ("superseded_count" in result && result.superseded_count > 0) console.log(`${result.superseded_count} row(s) replaced by a later row with the same machine and time (first: line ${result.superseded[0]?.line} by line ${result.superseded[0]?.by_line}).`);
  if ("derived" in result) {
    console.log(`${result.derived} consumption rows derived; ${result.starting_points.length} starting point(s), ${result.rollovers.length} rollover(s), ${result.replacements.length} meter replacement(s).`);
    for (const r of result.replacements.slice(0, 20)) console.log(`  replacement: machine ${r.machine_id} at ${r.time} (line ${r.line}): ${r.previous_kwh} → ${r.register_kwh} kWh, gap left uncovered`);
  }
  await db.close();
} catch (error) {
  if (error instanceof AppError) {
    const errors = (error.details.errors ?? []).slice(0, 20);
    fail(`${error.message}${errors.length ? "\n" + errors.map((e) => `  line ${e.line}, ${e.column ?? e.field}: ${e.message}`).join("\n") : ""}`);
  }
  fail(error);
}
