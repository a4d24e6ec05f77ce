/**
 * What a `tsc` command line builds, read as far as `tsflyte tsc` needs: the tsconfig it compiles,
 * or why it compiles none (the manifest is made from a tsconfig's program, as tspc makes it).
 */
import { statSync } from "node:fs";
import { join, resolve } from "node:path";

/** What `tsc` will do with these arguments. */
export interface CompilerRun {
  /** The tsconfig named by `-p`/`--project` (a file, or a folder's `tsconfig.json`), if any. */
  readonly project?: string;
  /**
   * Set when the run compiles no tsconfig's program once (help, watch, build mode, files on the
   * command line): the compiler runs alone, and this says why no manifest is written (`""`: a
   * run that prints only, nothing to say).
   */
  readonly noManifest?: string;
}

/** Options that only print (help, version, the config): tsc runs alone, silently. */
const PRINT_ONLY = new Set([
  "-h",
  "--help",
  "-?",
  "-v",
  "--version",
  "--init",
  "--showconfig",
  "--listfilesonly",
  "--all",
]);

/** Reads `args` (tsc's own options, case-insensitive as tsc reads them) relative to `cwd`. */
export function readCompilerArguments(args: readonly string[], cwd: string): CompilerRun {
  let project: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? "";
    const option = arg.toLowerCase();
    if (PRINT_ONLY.has(option)) return { noManifest: "" };
    if (option === "-w" || option === "--watch")
      return {
        noManifest:
          "watch mode writes no flyte.manifest.json: `tsflyte package` and `tsflyte run` bring it up to date, or run `tsflyte extract`",
      };
    if (option === "-b" || option === "--build")
      return {
        noManifest:
          "build mode (project references) writes no flyte.manifest.json: run `tsflyte extract --tsconfig <project>` for each project with tasks",
      };
    if (option === "-p" || option === "--project") {
      const value = args[index + 1];
      if (value === undefined) return { noManifest: "" }; // tsc reports the missing value
      project = resolve(cwd, value);
      index++;
      continue;
    }
    if (!arg.startsWith("-") && /\.[cm]?tsx?$/.test(arg))
      return {
        noManifest: `files on the command line (${arg}): tsc ignores the tsconfig, so no flyte.manifest.json is written; run \`tsflyte extract\``,
      };
  }
  if (project === undefined) return {};
  const isFolder = (() => {
    try {
      return statSync(project).isDirectory();
    } catch {
      return false;
    }
  })();
  return { project: isFolder ? join(project, "tsconfig.json") : project };
}
