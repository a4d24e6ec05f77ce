import { Command } from "commander";
import { displayPath } from "../display-path.js";
import type { CliLogger } from "../logger.js";

/** `tsflyte local-cache clear`: empties the local cache of task outputs (flytekit's `pyflyte local-cache clear`). */
export function localCacheCommand(logger: () => Promise<CliLogger>): Command {
  const command = new Command("local-cache").summary(
    "the local cache of task outputs (tasks with cache: true)",
  );
  command
    .command("clear")
    .summary("remove every cached output")
    .description("Empties the local cache that tsflyte run and localExecute keep for tasks with cache: true.")
    .action(async () => {
      const log = await logger();
      const { LocalCache } = await import("../../execution/local-cache.js");
      const cache = new LocalCache();
      await cache.clear();
      log.console.success(`Cleared the local cache (${displayPath(cache.folder)})`);
    });
  return command;
}
