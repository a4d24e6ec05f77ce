#!/usr/bin/env node
// The task container entrypoint (flytekit's pyflyte-execute). Everything heavy is imported lazily.
// It owns the process: errors that escape the task become its error document, and the process
// exits once a document is written, whatever timers or sockets the task left open.
import { parseEntrypointArgs, UsageError } from "../entrypoint/args.js";
import { trapEscapedErrors } from "../entrypoint/escaped-errors.js";

/** Ends the process with `code` once stderr is flushed. */
function exit(code: number): void {
  process.exitCode = code;
  process.stderr.write("", () => process.exit(code));
}

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
  const { executeTask, exitCodeOf, reportLateError } = await import("../entrypoint/execute-task.js");
  const escaped = trapEscapedErrors(reportLateError);
  return exitCodeOf(await executeTask(args, process.env, { escaped }));
}

main().then(exit, (error: unknown) => {
  process.stderr.write(
    `tsflyte-execute: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  exit(1);
});
