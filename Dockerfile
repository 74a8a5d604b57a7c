# syntax=docker/dockerfile:1
# tencent-live-mcp as a container: Streamable HTTP on 0.0.0.0:3000 behind a bearer token read from
# a secret file, as a non-root user, with a health check on /healthz.
#   docker build -t tencent-live-mcp .
#   docker run -p 3000:3000 --env-file tencent.env \
#     -v "$PWD/http_token:/run/secrets/http_token:ro" tencent-live-mcp
# (tencent.env holds TENCENT_LIVE_SDKAPPID, TENCENT_LIVE_SECRET_KEY and TENCENT_LIVE_REGION; with
# Compose or Swarm, declare http_token as a secret and it lands at the same path.)

# Production dependencies only, from the lockfile; no install scripts run.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# The compiler and its dev dependencies stay in this stage.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY src ./src
RUN npm run build

FROM node:24-bookworm-slim
LABEL io.modelcontextprotocol.server.name="io.github.tencent-live-mcp/tencent-live-mcp" \
      org.opencontainers.image.title="tencent-live-mcp" \
      org.opencontainers.image.source="https://github.com/tencent-live-mcp/tencent-live-mcp" \
      org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production \
    XDG_STATE_HOME=/var/lib/tencent-live-mcp
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json LICENSE README.md ./
# The audit log and console token live in the state directory, owned by the unprivileged user the
# image's node base provides (uid 1000); mount a volume there to keep the audit log.
RUN mkdir -p /var/lib/tencent-live-mcp && chown node:node /var/lib/tencent-live-mcp
USER node
VOLUME ["/var/lib/tencent-live-mcp"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Arguments given to `docker run` replace CMD only: repeat --http-token-file (or set
# TENCENT_LIVE_HTTP_TOKEN) when adding e.g. --public-url; without a token the server refuses to start.
ENTRYPOINT ["node", "dist/cli.js", "--http", "--host", "0.0.0.0", "--port", "3000"]
CMD ["--http-token-file", "/run/secrets/http_token"]
