import { ImageConfig } from "@flytekit-ts/core";
import { UsageError } from "@flytekit-ts/runtime/internal";
import type { Command } from "commander";
import type { LoadedConfig } from "../config/load-config.js";
import {
  collect,
  type ProjectFlags,
  pathOption,
  projectLocation,
  withProjectRoot,
} from "./project-location.js";

/** What a project command works with, flags merged over the configuration. */
export interface ProjectOptions {
  readonly projectRoot: string;
  readonly images: string[];
  readonly env: Record<string, string>;
  readonly sourceRoot: string | undefined;
  readonly tsconfig: string | undefined;
  readonly modules: string[] | undefined;
  /** Extract the manifest when it is missing or stale (not with `--no-extract`). */
  readonly extract: boolean;
}

/** Adds the serialization flags of `package` and `serialize`. */
export function withSerializationFlags(command: Command): Command {
  return withProjectRoot(command)
    .option(
      "-i, --image <name=ref>",
      "an image: name=ref, or a bare ref for the default image; tag or digest required (repeatable)",
      collect,
    )
    .option("--env <KEY=VALUE>", "an environment variable for every task container (repeatable)", collect)
    .option("--source-root <dir>", "the source root, for image builds that copy sources")
    .option(
      "-m, --module <module>",
      "only tasks of this module and the modules below it (repeatable; default: every task)",
      collect,
    );
}

/** Parses `KEY=VALUE` pairs. @throws UsageError for a pair without `=` or with an empty key. */
export function parseEnv(values: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    if (eq <= 0)
      throw new UsageError(`Invalid value for '--env': expected KEY=VALUE, got ${JSON.stringify(value)}`);
    env[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return env;
}

/** The image name of an `-i` value (`default` for a bare reference). */
function imageName(value: string): string {
  const eq = value.indexOf("=");
  return eq >= 0 ? value.slice(0, eq) : "default";
}

/**
 * The images: the configuration's, replaced by name by `-i` flags.
 * @throws UsageError (exit 2) as flytekit's `validate_image`: two defaults, no tag or digest.
 */
export function mergeImages(
  configured: Readonly<Record<string, string>>,
  flags: readonly string[],
): string[] {
  const named = new Set(flags.map(imageName));
  const fromConfig = Object.entries(configured)
    .filter(([name]) => !named.has(name))
    .map(([name, reference]) => (name === "default" ? reference : `${name}=${reference}`));
  // As pyflyte: -i values need a tag or digest; the configuration's named images may omit it.
  try {
    ImageConfig.validateImage(flags);
  } catch (error) {
    throw new UsageError(`Invalid value for '-i' / '--image': ${(error as Error).message}`);
  }
  const images = [...fromConfig, ...flags];
  ImageConfig.validateImage(images, "--image", { namedWithoutTag: true });
  return images;
}

/** Flags over configuration over defaults. Relative paths: flags from the cwd, configuration from its folder. */
export function projectOptions(flags: ProjectFlags, loaded: LoadedConfig): ProjectOptions {
  const { config, folder } = loaded;
  return {
    ...projectLocation(flags, loaded),
    images: mergeImages(config.images ?? {}, flags.image ?? []),
    env: { ...config.env, ...parseEnv(flags.env ?? []) },
    sourceRoot: pathOption(flags.sourceRoot, config.sourceRoot, folder),
    modules: flags.module,
    extract: flags.extract !== false,
  };
}
