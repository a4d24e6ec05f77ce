#!/usr/bin/env node
// The tsflyte CLI (flytekit's pyflyte): package, serialize, extract, run.
import { commandRoute } from "../command-line/command-route.js";

const argv = process.argv.slice(2);
// `tsflyte tsc` and `tsflyte extract` run on every build: they start without the other commands
// (and the SDK); `tsc` starts the compiler before anything else loads.
const route = commandRoute(argv);
const run =
  route === "tsc"
    ? import("../command-line/compile-program.js").then(({ runCompileProgram }) => runCompileProgram(argv))
    : route === "extract"
      ? Promise.all([
          import("../command-line/run-program.js"),
          import("../command-line/extract-program.js"),
        ]).then(([{ runProgram }, { createExtractProgram }]) => runProgram(argv, createExtractProgram))
      : import("../command-line/program.js").then(({ main }) => main(argv));

run.then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `tsflyte: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
