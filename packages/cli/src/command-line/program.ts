import { VERSION } from "@flytekit-ts/core";
import { interruption } from "@flytekit-ts/runtime/internal";
import { Command, CommanderError } from "commander";
import { buildCommand } from "./commands/build.js";
import { extractCommand } from "./commands/extract.js";
import { initCommand } from "./commands/init.js";
import { localCacheCommand } from "./commands/local-cache.js";
import { packageCommand, serializeCommand } from "./commands/package.js";
import { registerCommand } from "./commands/register.js";
import { runCommand } from "./commands/run.js";
import { reportFailure } from "./failure.js";
import { type CliLogger, createCliLogger } from "./logger.js";

/** The `tsflyte` program. Commands are created eagerly; their heavy work is in their actions. */
export function createProgram(logger: () => Promise<CliLogger>): Command {
  const program = new Command("tsflyte")
    .description(
      "flytekit-ts command line: package tasks for Flyte, serialize them, extract the manifest, run them locally",
    )
    .version(VERSION, "-V, --version", "print the version")
    .option("-v, --verbose", "debug output, and stack traces on errors")
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .exitOverride();
  for (const command of [
    packageCommand(logger),
    serializeCommand(logger),
    extractCommand(logger),
    runCommand(logger),
    registerCommand(logger),
    buildCommand(logger),
    localCacheCommand(logger),
    initCommand(),
  ]) {
    program.addCommand(command.exitOverride());
  }
  return program;
}

/** Runs `tsflyte` with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let logger: Promise<CliLogger> | undefined;
  const program = createProgram(() => {
    logger ??= createCliLogger({ verbose: program.opts<{ verbose?: boolean }>().verbose === true });
    return logger;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error (printed already).
      return error.exitCode === 0 ? 0 : 2;
    }
    // Interrupted: what failed, failed because its container or folder was removed under it; the
    // process ends with the signal once the cleanup is done. Nothing to report.
    if (interruption() !== undefined) return 1;
    logger ??= createCliLogger({ verbose: program.opts<{ verbose?: boolean }>().verbose === true });
    return reportFailure(error, await logger);
  }
}
