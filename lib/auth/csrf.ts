// Cross-site request forgery: a browser sends the session cookie with any request to this host,
// including one a foreign page starts. Writes that could ride on that cookie must come from this
// origin. Browsers say where a request comes from in Sec-Fetch-Site (all current browsers) and
// Origin (every POST/PUT/PATCH/DELETE); OWASP's CSRF cheat sheet accepts either as the check.
// Requests without both headers are not from a browser, so they carry no ambient cookie to abuse.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a request is refused as cross-site, or null when it may go on. Bearer-token requests and
 * safe methods are exempt; otherwise Sec-Fetch-Site must be same-origin or none (typed by the user)
 * and Origin, when sent, must name this host (X-Forwarded-Host when a proxy is in front, else Host).
 */
export function crossSiteRefusal(request: Request): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  if (/^bearer\s/i.test(request.headers.get("authorization") ?? "")) return null;
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `Cross-site request refused (Sec-Fetch-Site: ${site}); send writes from this site's pages or with an API token`;
  const origin = request.headers.get("origin");
  if (origin === null) return null;
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host") || new URL(request.url).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return "Cross-site request refused (Origin is not a URL)";
  }
  if (originHost.toLowerCase() !== host.toLowerCase()) return `Cross-site request refused (Origin ${origin} is not this site); send writes from this site's pages or with an API token`;
  return null;
}
