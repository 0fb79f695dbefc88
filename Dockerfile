# feedwright daemon: Node 24 slim, production dependencies only, a non-root user, state in a volume.
# Build: docker build -t feedwright .      Run: docker compose up -d   (see docker-compose.yml)
FROM node:24-slim

# git (and CA certificates for https remotes): publishing drafts as pull requests (`publish:`) runs the
# real git CLI in a temporary worktree. libjemalloc2: the daemon's malloc (LD_PRELOAD below).
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates libjemalloc2 \
  && rm -rf /var/lib/apt/lists/*

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
RUN mkdir -p /srv/feedwright/.feedwright /srv/feedwright/drafts /srv/feedwright/templates /app/.compile-cache \
  && chown -R node:node /srv/feedwright/.feedwright /srv/feedwright/drafts /app/.compile-cache
USER node

# Memory (bench/README.md, "daemon"): the idle daemon's RSS, ~165 MB without these, drops with
# - a compile cache holding every module, so Node never loads its TypeScript-stripping wasm (amaro);
# - a 1 MB young generation (V8's default lets it grow to tens of MB; a poll allocates little), and
#   --optimize-for-size in CMD (V8 keeps its heaps tighter; not allowed in NODE_OPTIONS);
# - one V8 worker thread; --expose-gc, so the daemon collects its start-up garbage at once
#   (src/daemon/collect-garbage.ts) rather than holding a grown heap for its first seconds;
# - jemalloc instead of glibc's malloc: one arena, no per-thread caches, freed pages returned after 1 s.
#   LD_PRELOAD names the library without a path, so the loader finds it in /usr/lib/x86_64-linux-gnu or
#   /usr/lib/aarch64-linux-gnu alike; where it is missing, the loader prints one line and glibc's malloc
#   runs, with the MALLOC_* settings below (two arenas, freed memory returned to the system).
ENV NODE_COMPILE_CACHE=/app/.compile-cache
ENV NODE_OPTIONS="--max-semi-space-size=1 --v8-pool-size=1 --expose-gc"
ENV LD_PRELOAD=libjemalloc.so.2
ENV MALLOC_CONF=narenas:1,tcache:false,dirty_decay_ms:1000,muzzy_decay_ms:0
ENV MALLOC_ARENA_MAX=2
ENV MALLOC_TRIM_THRESHOLD_=131072
ENV MALLOC_MMAP_THRESHOLD_=131072
# Warmed here, as the `node` user and with CMD's node flags: both select the cache's folder, and a cache
# warmed by another user or with other V8 flags is never read (tests/daemon/image.test.ts runs this line).
RUN node --optimize-for-size src/cli.ts --version && node --optimize-for-size src/daemon/warm-cache.ts

VOLUME ["/srv/feedwright/.feedwright"]
EXPOSE 9464

# No curl in the slim image: Node's fetch checks /healthz (200 while the scheduler runs).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# SIGTERM stops the daemon cleanly (in-flight polls get daemon.shutdownTimeout, 10s by default).
STOPSIGNAL SIGTERM
CMD ["node", "--optimize-for-size", "src/cli.ts", "daemon", "--config", "/srv/feedwright/feeds.yaml", "--listen", "0.0.0.0:9464"]
