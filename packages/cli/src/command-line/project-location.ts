/**
 * Where a project is, from the flags every project command shares and the configuration: what
 * `tsflyte extract` needs, without the SDK the other options check images with.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import type { LoadedConfig } from "../config/load-config.js";

/** The flags every project command shares, as commander parses them. */
export interface ProjectFlags {
  projectRoot?: string;
  image?: string[];
  env?: string[];
  sourceRoot?: string;
  tsconfig?: string;
  module?: string[];
  /** `false` with `--no-extract`. */
  extract?: boolean;
}

/** Commander's accumulator for repeatable flags. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds `--project-root` and `--tsconfig`. */
export function withProjectRoot(command: Command): Command {
  return command
    .option(
      "--project-root <dir>",
      "the project root: flyte.manifest.json and compiled files (default: the folder of the nearest package.json)",
    )
    .option(
      "--tsconfig <file>",
      "the tsconfig the extractor reads when the manifest is missing or stale (default: <project-root>/tsconfig.json)",
    )
    .option(
      "--no-extract",
      "never extract flyte.manifest.json: a missing or stale one (sources or compiled files changed since) is an error",
    );
}

/** A path from a flag (relative to the cwd), else from the configuration (relative to its folder). */
export function pathOption(
  flag: string | undefined,
  configured: string | undefined,
  folder: string,
): string | undefined {
  if (flag !== undefined) return resolve(flag);
  return configured === undefined ? undefined : resolve(folder, configured);
}

/** The project root and tsconfig: flags over configuration; the root defaults to the configuration's folder. */
export function projectLocation(
  flags: Pick<ProjectFlags, "projectRoot" | "tsconfig">,
  { config, folder }: LoadedConfig,
): { projectRoot: string; tsconfig: string | undefined } {
  return {
    projectRoot: pathOption(flags.projectRoot, config.projectRoot, folder) ?? folder,
    tsconfig: pathOption(flags.tsconfig, config.tsconfig, folder),
  };
}
