#!/usr/bin/env node
// The task container entrypoint (flytekit's pyflyte-execute). Everything heavy is imported lazily.
// It owns the process: errors that escape the task become its error document, and the process
// exits once a document is written, whatever timers or sockets the task left open.
import { BUILT_IN_LOCATIONS } from "@flytekit-ts/core/internal";
import { parseEntrypointArgs } from "../entrypoint/args.js";
import { trapEscapedErrors } from "../entrypoint/escaped-errors.js";
import { UsageError } from "../errors/usage-error.js";

/** Ends the process with `code` once stderr is flushed. */
function exit(code: number): void {
  process.exitCode = code;
  process.stderr.write("", () => process.exit(code));
}

const USAGE = "Usage: tsflyte-execute --inputs PATH --output-prefix PATH [options] -- LOADER_ARGS...";

const HELP = `${USAGE}

Runs one task as Flyte's task pods do (pyflyte-execute's counterpart): reads the inputs, resolves the
task from the loader args, writes outputs.pb or an error document under the output prefix.

Options:
  --inputs PATH                   inputs.pb (a local path, file://, s3:// or gs:// URI)
  --output-prefix PATH            where outputs.pb or error.pb is written
  --raw-output-data-prefix PATH   where files and folders the task returns are uploaded (default: none)
  --checkpoint-path PATH          the task's checkpoint prefix (default: none)
  --prev-checkpoint PATH          the previous attempt's checkpoint (default: none)
  --resolver LOCATION             the task resolver (default: ${BUILT_IN_LOCATIONS.defaultTaskResolver})
  --test                          resolve the task and exit without running it
  -h, --help                      show this help
Loader args (after --), for the default resolver: task-module MODULE task-name KEY
Environment: FLYTE_PROJECT_ROOT (the project; default: the working directory), FLYTE_FAIL_ON_ERROR.
`;

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const options = argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
  if (options.includes("--help") || options.includes("-h")) {
    process.stdout.write(HELP);
    return 0;
  }
  let args: ReturnType<typeof parseEntrypointArgs>;
  try {
    args = parseEntrypointArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${USAGE}\nError: ${error.message} (tsflyte-execute --help lists the options)\n`);
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
