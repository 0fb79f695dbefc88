/** `feedwright daemon`: poll and draft on schedule until SIGTERM/SIGINT; SIGHUP reloads the config. */
import { resolve } from "node:path";
import { parseListen } from "../daemon/http.ts";
import { runDaemon } from "../daemon.ts";
import { type Command, str } from "./command.ts";

/** Where the endpoints listen when neither --listen nor daemon.listen says. */
export const DEFAULT_LISTEN = "127.0.0.1:9464";

/** The daemon command. */
export const daemonCommand: Command = {
  name: "daemon",
  summary: "poll feeds on their intervals and draft digests on their schedules; serves /healthz /metrics",
  usage: "daemon [--listen HOST:PORT]",
  options: {
    listen: {
      type: "string",
      value: "HOST:PORT",
      description: "where /healthz /readyz /metrics /feeds listen (default daemon.listen, or 127.0.0.1:9464)",
    },
  },
  examples: [
    "feedwright daemon",
    "feedwright daemon --config /srv/feedwright/feeds.yaml --listen 0.0.0.0:9464",
  ],
  async run(ctx) {
    const flag = str(ctx, "listen");
    // A bad --listen is bad input: say so before the config is even read.
    const fromFlag = flag === undefined ? undefined : parseListen(flag, "--listen");
    const config = ctx.config();
    const listen =
      fromFlag ?? parseListen(config.daemon?.listen ?? DEFAULT_LISTEN, `${config.path}: daemon.listen`);
    const onHup = new Set<() => void>();
    const hup = () => {
      ctx.log.info({}, "SIGHUP: reloading the config");
      for (const fn of onHup) fn();
    };
    process.on("SIGHUP", hup);
    try {
      return await runDaemon({
        configPath: resolve(ctx.io.cwd, ctx.globals.config),
        config,
        listen,
        log: ctx.log,
        env: ctx.io.env,
        signal: ctx.io.signal,
        onReload: (fn) => {
          onHup.add(fn);
          return () => onHup.delete(fn);
        },
        onListening: (url) => ctx.io.out(`feedwright daemon listening on ${url}`),
      });
    } finally {
      process.off("SIGHUP", hup);
    }
  },
};
