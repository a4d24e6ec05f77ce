// `npm create flytekit-ts@latest [folder] [--typescript 7|6] [--name <name>] [--image <ref>]`
import { parseArgs } from "node:util";
import { isFlyteError } from "@flytekit-ts/core";
import { createProject } from "./create-project.js";
import { nextSteps } from "./next-steps.js";
import type { TypeScriptChoice } from "./options.js";
import { SDK_VERSION } from "./versions.js";

const HELP = `Usage: npm create flytekit-ts@latest [folder] -- [options]
       create-flytekit-ts [folder] [options]

Writes a new flytekit-ts project: two tasks and a workflow, their tests, a task image Dockerfile and
the Flyte configuration. The folder must be new or empty (default: flyte-project).

Options:
  --typescript <7|6>  7: TypeScript 7's tsc through tsflyte tsc, which writes the manifest meanwhile; 6: tspc (ts-patch),
                      the manifest written by every build (default: 7)
  --name <name>       the npm package name (default: the folder's name)
  --image <ref>       the task image (default: localhost:30000/<name>:0.1.0, the Flyte sandbox's registry)
  -h, --help          show this help
  -v, --version       show the version
`;

function main(argv: string[]): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`create-flytekit-ts: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${SDK_VERSION}\n`);
    return 0;
  }
  if (positionals.length > 1) {
    process.stderr.write(`create-flytekit-ts: one folder expected, got ${positionals.join(" ")}\n\n${HELP}`);
    return 2;
  }
  createProject({
    directory: positionals[0] ?? "flyte-project",
    typescript: (values.typescript ?? "7") as TypeScriptChoice,
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.image === undefined ? {} : { image: values.image }),
  }).then(
    (project) => process.stdout.write(nextSteps(project)),
    (error: unknown) => {
      process.stderr.write(`create-flytekit-ts: ${isFlyteError(error) ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      typescript: { type: "string" },
      name: { type: "string" },
      image: { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}

process.exitCode = main(process.argv.slice(2));
