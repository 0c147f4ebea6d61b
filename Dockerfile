# syntax=docker/dockerfile:1
# EnMS Analytics: a multi-stage build of the Next.js standalone server (README "Deployment").
#   docker build -t enms-analytics .                      the app (target: runner)
#   docker build --target migrator -t enms-migrate .      the one-shot migration job
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1 NEXT_OUTPUT=standalone
# HSTS=on only when every client reaches the app over HTTPS (headers are fixed at build time).
ARG HSTS=off
ENV HSTS=${HSTS}
RUN npx next build

# Migrations as their own step (several app instances, or MIGRATE_ON_START=off): the full source
# and tsx, one connection, non-zero exit on failure.
FROM deps AS migrator
COPY . .
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
CMD ["npx", "tsx", "scripts/migrate.ts"]

FROM ${NODE_IMAGE} AS runner
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
RUN groupadd --system --gid 1001 enms && useradd --system --uid 1001 --gid enms --home-dir /app enms \
  && mkdir -p /app/.data && chown enms:enms /app/.data
# The standalone server with only the packages it traced (PGlite's wasm, postgres.js, the API
# reference's files), the browser assets, and the SQL migrations it applies at start.
COPY --from=build --chown=enms:enms /app/.next/standalone ./
COPY --from=build --chown=enms:enms /app/.next/static ./.next/static
COPY --from=build --chown=enms:enms /app/drizzle ./drizzle
USER enms
EXPOSE 3000
# Without DATABASE_URL the embedded database lives here: mount a volume to keep it.
VOLUME ["/app/.data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
