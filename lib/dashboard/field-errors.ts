// An API 400 names each problem by its field (`errors: [{field, message}]`, lib/errors.ts). A
// form shows each message at its own input, in words without the API's field name, and only what
// no input shows in a box above (the data page's machine form said "Invalid machine:
// rated_power_kw: … (rated_power_kw: …)" twice, by API name).

/**
 * The API body's field errors for the fields a form has (`fields`: API field names), keyed by
 * field, first message each; `rest` holds the messages of other fields ("field: message").
 * A body without `errors` gives none and an empty `rest`.
 */
export function fieldErrorsOf(body: unknown, fields: readonly string[]): { byField: Record<string, string>; rest: string[] } {
  const errors = typeof body === "object" && body !== null && Array.isArray((body as { errors?: unknown }).errors) ? ((body as { errors: unknown[] }).errors as { field?: unknown; message?: unknown }[]) : [];
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  for (const e of errors) {
    const field = typeof e.field === "string" ? e.field : "";
    const message = typeof e.message === "string" ? e.message : "";
    if (fields.includes(field)) byField[field] ??= message;
    else if (message) rest.push(field ? `${field}: ${message}` : message);
  }
  return { byField, rest };
}
