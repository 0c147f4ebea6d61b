import { z } from "zod";
import { operations } from "./registry";

// The browsable reference at /api/docs: Swagger UI (swagger-ui-dist) served from this app, so the
// page needs nothing from another origin and passes the CSP (script-src 'self').

/** The files /api/docs/{asset} serves, each from node_modules/swagger-ui-dist or written here. */
export const referenceAssets = {
  "swagger-ui.css": { file: "swagger-ui.css", type: "text/css; charset=utf-8" },
  "swagger-ui-bundle.js": { file: "swagger-ui-bundle.js", type: "text/javascript; charset=utf-8" },
  "init.js": { file: null, type: "text/javascript; charset=utf-8" },
} as const;

export const referenceAssetSchema = z.enum(Object.keys(referenceAssets) as [keyof typeof referenceAssets, ...(keyof typeof referenceAssets)[]], {
  message: `must be one of ${Object.keys(referenceAssets).join(", ")}`,
});

/** Starts Swagger UI on the spec; no validator badge (it would call an outside service). */
export const referenceInitScript = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
`;

export const referenceHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>EnMS Analytics API reference</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

export const referenceOperations = operations(
  {
    method: "get",
    path: "/api/openapi.json",
    tag: "reference",
    summary: "This OpenAPI 3.1 document",
    description: "Generated from the zod schemas the routes validate with (lib/openapi/).",
    responses: { 200: "The OpenAPI document" },
  },
  {
    method: "get",
    path: "/api/docs",
    tag: "reference",
    summary: "Browsable API reference (HTML)",
    responses: { 200: { description: "Swagger UI page", contentType: "text/html" } },
  },
  {
    method: "get",
    path: "/api/docs/{asset}",
    tag: "reference",
    summary: "Script and style of the browsable reference",
    params: { asset: referenceAssetSchema },
    example: { params: { asset: "init.js" } },
    responses: { 200: { description: "The file", contentType: "text/javascript" } },
  },
);
