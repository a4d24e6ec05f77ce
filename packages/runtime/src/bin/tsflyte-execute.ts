#!/usr/bin/env node
// The task container entrypoint (flytekit's pyflyte-execute). Everything heavy is imported lazily.
import { parseEntrypointArgs, UsageError } from "../entrypoint/args.js";

async function main(): Promise<number> {
  let args: ReturnType<typeof parseEntrypointArgs>;
  try {
    args = parseEntrypointArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(
        `Usage: tsflyte-execute --inputs PATH --output-prefix PATH [options] -- LOADER_ARGS...\nError: ${error.message}\n`,
      );
      return error.exitCode;
    }
    throw error;
  }
  const { executeTask, exitCodeOf } = await import("../entrypoint/execute-task.js");
  return exitCodeOf(await executeTask(args));
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `tsflyte-execute: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
