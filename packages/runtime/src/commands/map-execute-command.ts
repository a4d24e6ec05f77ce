import type { EntrypointArgs } from "../entrypoint/args.js";
import { parseEntrypointArgs } from "../entrypoint/args.js";
import type { EntrypointMain } from "../entrypoint/entrypoint-main.js";
import { trapEscapedErrors } from "../entrypoint/escaped-errors.js";

const USAGE =
  "Usage: tsflyte-map-execute --inputs PATH --output-prefix PATH [options] -- vars BOUND resolver LOCATION LOADER_ARGS...";

/** tsflyte-map-execute (flytekit's pyflyte-map-execute): runs one element of a map task's array job. */
export const mapExecuteCommand: EntrypointMain<EntrypointArgs> = {
  name: "tsflyte-map-execute",
  usage: USAGE,
  help: `${USAGE}

Runs one element of a map task (pyflyte-map-execute's counterpart): the element of the mapped inputs
at the array job's index (BATCH_JOB_ARRAY_INDEX_VAR_NAME, BATCH_JOB_ARRAY_INDEX_OFFSET), with
tsflyte-execute's options and contract (tsflyte-execute --help lists them).
`,
  parse: parseEntrypointArgs,
  async run(args) {
    const { exitCodeOf, reportLateError } = await import("../entrypoint/execute-task.js");
    const { mapExecute } = await import("../map/map-execute.js");
    const escaped = trapEscapedErrors(reportLateError);
    return exitCodeOf(await mapExecute(args, process.env, { escaped }));
  },
};
