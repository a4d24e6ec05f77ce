#!/usr/bin/env node
// The entrypoint of fast-registered tasks (flytekit's pyflyte-fast-execute): fetches the code
// bundle, unpacks it, then runs the task's command (tsflyte-execute) in it.
import { UsageError } from "../errors/usage-error.js";
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

function exit(code: number): void {
  process.exitCode = code;
  process.stderr.write("", () => process.exit(code));
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const options = argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
  if (options.includes("--help") || options.includes("-h")) {
    process.stdout.write(HELP);
    return 0;
  }
  let args: ReturnType<typeof parseFastExecuteArgs>;
  try {
    args = parseFastExecuteArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(
        `${USAGE}\nError: ${error.message} (tsflyte-fast-execute --help lists the options)\n`,
      );
      return error.exitCode;
    }
    throw error;
  }
  const { fastExecute } = await import("../fast/fast-execute.js");
  return fastExecute(args);
}

main().then(exit, (error: unknown) => {
  process.stderr.write(
    `tsflyte-fast-execute: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  exit(1);
});
