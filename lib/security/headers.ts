// Security headers of every answer (next.config.ts applies them to all paths). Kept here, free of
// Next imports, so a unit test reads the exact policy the server sends.

/**
 * The Content-Security-Policy. Scripts: 'self' plus 'unsafe-inline', because Next.js streams its
 * page data in inline <script> tags and a static policy cannot carry per-request nonces (that
 * would need a proxy making every page dynamic); 'unsafe-eval' only in development (React's dev
 * build evaluates code). Styles: 'unsafe-inline' for the style attributes React and recharts
 * render. Nothing is loaded from another origin, the app is never framed (frame-ancestors
 * 'none'), and forms and <base> stay on this origin.
 */
export function contentSecurityPolicy(options: { dev: boolean }): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", ...(options.dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(options.dev ? ["ws:"] : [])],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/**
 * Every header, as next.config.ts `headers()` wants them. Strict-Transport-Security is added when
 * `hsts` is set (build with HSTS=on, or let the HTTPS proxy in front set it): sent over plain
 * HTTP it would lock browsers out of a server that has no certificate.
 */
export function securityHeaders(options: { dev: boolean; hsts: boolean }): { key: string; value: string }[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(options) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    // The app uses none of these; deny them to any script that might. Only features Chromium
    // knows: an unknown one (bluetooth) prints a console error on every page load.
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), browsing-topics=()" },
    // For browsers older than CSP frame-ancestors.
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ...(options.hsts ? [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }] : []),
  ];
}
