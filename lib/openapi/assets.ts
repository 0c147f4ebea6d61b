import { readFile } from "node:fs/promises";
import path from "node:path";
import { referenceAssets, referenceInitScript } from "./reference";

// Read from node_modules at run time (next.config.ts traces these files into the standalone output).
const distDir = path.join(process.cwd(), "node_modules", "swagger-ui-dist");

/** The bytes and content type of one of the reference page's files. */
export async function readReferenceAsset(name: keyof typeof referenceAssets): Promise<{ body: string | Uint8Array<ArrayBuffer>; type: string }> {
  const asset = referenceAssets[name];
  if (asset.file === null) return { body: referenceInitScript, type: asset.type };
  return { body: new Uint8Array(await readFile(path.join(distDir, asset.file))), type: asset.type };
}
