# feedwright daemon: Node 24 slim, production dependencies only, a non-root user, state in a volume.
# Build: docker build -t feedwright .      Run: docker compose up -d   (see docker-compose.yml)
FROM node:24-slim

ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
# Node runs the TypeScript sources directly: there is no build step, and templates/ holds the built-in templates.
COPY src ./src
COPY templates ./templates

# The config folder: feeds.yaml and templates/ are mounted read-only, drafts/ writable, and the store
# (.feedwright/state.db, the default `store`) lives in a volume. The folders exist here, owned by the
# unprivileged user, so a fresh named volume inherits that ownership.
RUN mkdir -p /srv/feedwright/.feedwright /srv/feedwright/drafts /srv/feedwright/templates \
  && chown -R node:node /srv/feedwright/.feedwright /srv/feedwright/drafts
USER node
VOLUME ["/srv/feedwright/.feedwright"]
EXPOSE 9464

# No curl in the slim image: Node's fetch checks /healthz (200 while the scheduler runs).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# SIGTERM stops the daemon cleanly (in-flight polls get daemon.shutdownTimeout, 10s by default).
STOPSIGNAL SIGTERM
CMD ["node", "src/cli.ts", "daemon", "--config", "/srv/feedwright/feeds.yaml", "--listen", "0.0.0.0:9464"]
