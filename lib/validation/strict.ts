import { distance } from "fastest-levenshtein";
import { z } from "zod";

// Request bodies are strict: a field the schema does not know is an error naming it, never
// dropped. A misspelt optional field ("power_kW", "demand_charge_per_kw_mnth") would otherwise be
// ignored while the write succeeds, and a PUT would reset the setting the client meant to send.

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * The known name `name` most likely stands for, or undefined: the same letters in another case or
 * with other separators (power_kW, ratedPowerKw), a typo of at most 2 edits (1 for names of up to
 * 3 letters; two swapped letters count 2), a name that holds it or is held by it (register_kwh → energy_register_kwh), or one
 * sharing its first 6 letters and 60 % of the shorter (outdoor_temperature_c → outdoor_temp_c).
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const n = squash(name);
  if (n.length === 0) return undefined;
  const same = known.find((k) => squash(k) === n);
  if (same) return same;
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(n, squash(k));
    if (d <= (n.length <= 3 ? 1 : 2) && (!best || d < best.d)) best = { name: k, d };
  }
  if (best) return best.name;
  if (n.length >= 4) {
    const held = known.find((k) => squash(k).includes(n) || (squash(k).length >= 4 && n.includes(squash(k))));
    if (held) return held;
  }
  // A longer or shorter spelling of the same start (outdoor_temperature_c → outdoor_temp_c).
  let prefixed: { name: string; shared: number } | undefined;
  for (const k of known) {
    const q = squash(k);
    let shared = 0;
    while (shared < Math.min(n.length, q.length) && n[shared] === q[shared]) shared++;
    if (shared >= 6 && shared >= 0.6 * Math.min(n.length, q.length) && (!prefixed || shared > prefixed.shared)) prefixed = { name: k, shared };
  }
  return prefixed?.name;
}

/**
 * The message for fields an object does not know: "unknown field power_kW; did you mean
 * power_kw?", or with no close name, the known ones ("unknown field x; fields: a, b, c").
 */
export function unknownFieldsMessage(keys: readonly string[], known: readonly string[]): string {
  const parts = keys.slice(0, 5).map((key) => {
    const shown = key.length > 60 ? `${key.slice(0, 60)}…` : key;
    const near = closestName(key, known);
    return near ? `unknown field ${shown}; did you mean ${near}?` : `unknown field ${shown}`;
  });
  if (keys.length > 5) parts.push(`and ${keys.length - 5} more unknown fields`);
  const guessed = keys.slice(0, 5).every((k) => closestName(k, known) !== undefined);
  return guessed ? parts.join("; ") : `${parts.join("; ")}; fields: ${known.join(", ")}`;
}

/** The error map of strict objects: unknown keys named (see unknownFieldsMessage), anything else left to the schema. */
export function strictError(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== "unrecognized_keys") return undefined;
  const def = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def;
  return unknownFieldsMessage(issue.keys, Object.keys(def?.shape ?? {}));
}

/**
 * z.strictObject with the message above. `.extend()` and `.partial()` keep it (zod copies the
 * definition), and the known names are read from the schema that reports, so they stay right.
 */
export function strictObject<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.strictObject(shape, { error: strictError });
}
