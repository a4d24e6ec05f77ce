#!/usr/bin/env node
// The tsflyte CLI (flytekit's pyflyte): package, serialize, extract, run.
import { main } from "../command-line/program.js";

main(process.argv.slice(2)).then(
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
