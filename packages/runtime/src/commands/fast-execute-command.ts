import type { EntrypointMain } from "../entrypoint/entrypoint-main.js";
import { type FastExecuteArgs, parseFastExecuteArgs } from "../fast/fast-execute-args.js";

const USAGE = "Usage: tsflyte-fast-execute [--additional-distribution URI] [--dest-dir DIR] -- COMMAND...";

const HELP = `${USAGE}

Runs a fast-registered task (pyflyte-fast-execute's counterpart): downloads the code bundle that
\`tsflyte package --fast\` wrote and \`flytectl register files\` uploaded, unpacks it into the
destination, then runs COMMAND (tsflyte-execute ...) there with FLYTE_PROJECT_ROOT set to it.
When the bundle cannot be fetched, the task's error document is written under COMMAND's
--output-prefix.

Options:
  --additional-distribution URI   the code bundle: s3://, gs://, file:// or a local path (default: none, run COMMAND as is)
  --dest-dir DIR                  where to unpack it (default: the working directory)
  -h, --help                      show this help
`;

/** tsflyte-fast-execute (flytekit's pyflyte-fast-execute): fetches a fast-registered task's code, then runs its command. */
export const fastExecuteCommand: EntrypointMain<FastExecuteArgs> = {
  name: "tsflyte-fast-execute",
  usage: USAGE,
  help: HELP,
  parse: parseFastExecuteArgs,
  async run(args) {
    const { fastExecute } = await import("../fast/fast-execute.js");
    return fastExecute(args);
  },
};
