// Who performs an action. Until authentication exists (a later issue) the caller names itself
// with the `x-user` header or a `who` field of the body; this one function is what
// authentication will replace.

export const ANONYMOUS = "anonymous";

/** The acting user: the `x-user` header, else the body's `who`, else "anonymous"; trimmed, at most 200 characters. */
export function actorOf(request: Request, bodyWho?: string | null): string {
  const raw = request.headers.get("x-user") ?? bodyWho ?? "";
  const who = raw.trim().slice(0, 200);
  return who || ANONYMOUS;
}
