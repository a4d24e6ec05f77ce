import { BUILT_IN_LOCATIONS } from "@flytekit-ts/core/internal";
import type { EntrypointArgs } from "../entrypoint/args.js";
import { parseEntrypointArgs } from "../entrypoint/args.js";
import type { EntrypointMain } from "../entrypoint/entrypoint-main.js";
import { trapEscapedErrors } from "../entrypoint/escaped-errors.js";

const USAGE = "Usage: tsflyte-execute --inputs PATH --output-prefix PATH [options] -- LOADER_ARGS...";

/** tsflyte-execute (flytekit's pyflyte-execute): runs one task as Flyte's task pods do. */
export const executeCommand: EntrypointMain<EntrypointArgs> = {
  name: "tsflyte-execute",
  usage: USAGE,
  help: `${USAGE}

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
`,
  parse: parseEntrypointArgs,
  async run(args) {
    const { executeTask, exitCodeOf, reportLateError } = await import("../entrypoint/execute-task.js");
    const escaped = trapEscapedErrors(reportLateError);
    return exitCodeOf(await executeTask(args, process.env, { escaped }));
  },
};
