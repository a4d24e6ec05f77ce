import { VERSION } from "@flytekit-ts/core";
import { interruption } from "@flytekit-ts/runtime/internal";
import type { Command } from "commander";
import { buildCommand } from "./commands/build.js";
import { compileCommand } from "./commands/compile.js";
import { extractCommand } from "./commands/extract.js";
import { initCommand } from "./commands/init.js";
import { localCacheCommand } from "./commands/local-cache.js";
import { packageCommand, serializeCommand } from "./commands/package.js";
import { registerCommand } from "./commands/register.js";
import { runCommand } from "./commands/run.js";
import type { CliLogger } from "./logger.js";
import { rootCommand, runProgram } from "./run-program.js";

/** The `tsflyte` program. Commands are created eagerly; their heavy work is in their actions. */
export function createProgram(logger: () => Promise<CliLogger>): Command {
  const program = rootCommand()
    .description(
      "flytekit-ts command line: package tasks for Flyte, serialize them, extract the manifest, run them locally",
    )
    .version(VERSION, "-V, --version", "print the version");
  for (const command of [
    packageCommand(logger),
    serializeCommand(logger),
    extractCommand(logger),
    compileCommand(logger),
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
export function main(argv: readonly string[]): Promise<number> {
  return runProgram(argv, createProgram, () => interruption() !== undefined);
}
