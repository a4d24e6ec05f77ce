import { relative, resolve, sep } from "node:path";
import type { Manifest } from "@flytekit-ts/core/internal";
import { UsageError } from "@flytekit-ts/runtime/internal";

/** A file path rather than a module name: it has a slash, or a script extension. */
const looksLikePath = (argument: string) => /[\\/]/.test(argument) || /\.[cm]?[jt]sx?$/.test(argument);

/**
 * The module `tsflyte run` was given: a module name as the manifest has it (`etl`,
 * `workflows.hello`), or, as pyflyte takes it, a file (`src/etl.ts`, or its compiled `dist/etl.js`)
 * relative to the current folder, which names the module compiled from it.
 * @throws UsageError when the file holds no task, workflow or launch plan of the manifest.
 */
export function moduleOfArgument(
  argument: string,
  root: string,
  manifest: Manifest,
  cwd = process.cwd(),
): string {
  if (!looksLikePath(argument)) return argument;
  const path = relative(root, resolve(cwd, argument)).split(sep).join("/");
  const entries = [...manifest.tasks, ...manifest.workflows];
  const entry = entries.find((e) => e.sourceFile === path || e.compiledFile === path);
  if (entry !== undefined) return entry.module;
  const files = [...new Set(entries.map((e) => e.sourceFile))].sort();
  throw new UsageError(
    `${argument} holds no exported task, workflow or launch plan of the project${files.length > 0 ? `; files that do: ${files.slice(0, 5).join(", ")}${files.length > 5 ? ", ..." : ""}` : ""}`,
  );
}
