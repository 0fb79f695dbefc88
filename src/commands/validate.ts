/** `feedwright validate`: check the config, print "ok" or every problem. */
import type { Command } from "./command.ts";

/** The validate command. */
export const validateCommand: Command = {
  name: "validate",
  summary: "check the config; print ok or every problem (exit 2)",
  usage: "validate [--config PATH]",
  options: {},
  examples: ["feedwright validate", "feedwright validate --config site/feeds.yaml"],
  async run(ctx) {
    const config = ctx.config();
    ctx.log.debug({ feeds: config.feeds.length, digests: config.digests.length }, "config valid");
    ctx.io.out("ok");
    return 0;
  },
};
