/**
 * `tsflyte extract` on its own: it runs on every build, so it loads the extractor and nothing of
 * the SDK (the other commands' modules hydrate Flyte's protobuf descriptors when they load).
 */
import type { Command } from "commander";
import { extractCommand } from "./commands/extract.js";
import type { CliLogger } from "./logger.js";
import { rootCommand } from "./run-program.js";

/** A `tsflyte` program that knows `extract` only (the bin routes `tsflyte [-v] extract ...` here). */
export function createExtractProgram(logger: () => Promise<CliLogger>): Command {
  return rootCommand().addCommand(extractCommand(logger).exitOverride());
}
