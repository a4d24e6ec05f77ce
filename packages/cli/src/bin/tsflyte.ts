#!/usr/bin/env node
// The tsflyte CLI (flytekit's pyflyte): package, serialize, extract, run.
import { createExtractProgram, isExtractCommandLine } from "../command-line/extract-program.js";
import { runProgram } from "../command-line/run-program.js";

const argv = process.argv.slice(2);
// `tsflyte extract` runs on every build: it starts without the other commands (and the SDK).
const run = isExtractCommandLine(argv)
  ? runProgram(argv, createExtractProgram)
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
