/**
 * The TypeScript compiler API the extractor and the Vite plugin analyze with. TypeScript 7 has no
 * compiler API in-process (its `typescript` package exports a version string and an unstable IPC
 * checker), so a project whose `typescript` is 7 is analyzed with the TypeScript 6 this package
 * pins (`typescript-6`): the same analyzer, the same manifest, the same diagnostics as a
 * TypeScript 6 project. The project's own TypeScript 5.8/6 is used when it has the API.
 */
import { createRequire } from "node:module";
import type ts from "typescript";

type TS = typeof ts;

const require = createRequire(import.meta.url);

/** Has `candidate` the in-process compiler API the analyzer uses? */
export function hasCompilerApi(candidate: unknown): candidate is TS {
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof (candidate as Partial<TS>).createProgram === "function" &&
    typeof (candidate as Partial<TS>).getParsedCommandLineOfConfigFile === "function"
  );
}

let selected: TS | undefined;

/** The compiler to analyze with: the project's `typescript` if it has the API, else the pinned 6. */
export function compiler(): TS {
  if (selected !== undefined) return selected;
  let own: unknown;
  try {
    own = require("typescript");
  } catch {
    // no typescript next to this package: the pinned one below
  }
  selected = hasCompilerApi(own) ? own : (require("typescript-6") as TS);
  return selected;
}
