#!/usr/bin/env node
// The entrypoint of fast-registered tasks (flytekit's pyflyte-fast-execute): fetches the code
// bundle, unpacks it, then runs the task's command (tsflyte-execute) in it.
import { entrypointMain } from "../entrypoint/entrypoint-main.js";
import { parseFastExecuteArgs } from "../fast/fast-execute-args.js";

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

entrypointMain({
  name: "tsflyte-fast-execute",
  usage: USAGE,
  help: HELP,
  parse: parseFastExecuteArgs,
  async run(args) {
    const { fastExecute } = await import("../fast/fast-execute.js");
    return fastExecute(args);
  },
});
