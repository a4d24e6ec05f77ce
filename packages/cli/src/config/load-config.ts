import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { FlyteValidationError } from "@flytekit-ts/core/errors";
import { type FlyteConfig, validateConfig } from "./flyte-config.js";

/** A configuration with where it came from. */
export interface LoadedConfig {
  /** The merged configuration, paths still relative to {@link LoadedConfig.folder}. */
  readonly config: FlyteConfig;
  /** The folder holding `package.json` (and the config file): the default project root. */
  readonly folder: string;
  /** The files it was read from (for `--verbose`). */
  readonly sources: readonly string[];
}

const CONFIG_FILES = ["flyte.config.json", "flyte.config.mjs", "flyte.config.js"] as const;

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FlyteValidationError(`${source} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The nearest folder at or above `start` holding a `package.json`, else `start`. */
async function projectFolder(start: string): Promise<{ folder: string; packageJson: string | undefined }> {
  for (let folder = start; ; folder = dirname(folder)) {
    const text = await readText(join(folder, "package.json"));
    if (text !== undefined) return { folder, packageJson: text };
    if (dirname(folder) === folder) return { folder: start, packageJson: undefined };
  }
}

/**
 * Reads the project's `tsflyte` configuration: the `flyte` key of the nearest `package.json` at or
 * above `start`, then the first `flyte.config.{json,mjs,js}` beside it (its fields win).
 * @throws FlyteValidationError for unreadable JSON, unknown fields or wrong types, naming the file.
 */
export async function loadConfig(start: string = process.cwd()): Promise<LoadedConfig> {
  const { folder, packageJson } = await projectFolder(resolve(start));
  const sources: string[] = [];
  let config: FlyteConfig = {};
  if (packageJson !== undefined) {
    const source = join(folder, "package.json");
    const manifest = parseJson(packageJson, source) as { flyte?: unknown };
    if (manifest.flyte !== undefined) {
      config = validateConfig(manifest.flyte, `${source} ("flyte")`);
      sources.push(source);
    }
  }
  for (const name of CONFIG_FILES) {
    const path = join(folder, name);
    const text = await readText(path);
    if (text === undefined) continue;
    let value: unknown;
    if (name.endsWith(".json")) {
      value = parseJson(text, path);
    } else {
      const module = (await import(pathToFileURL(path).href)) as { default?: unknown };
      value = module.default;
    }
    const fileConfig = validateConfig(value, path);
    config = {
      ...config,
      ...fileConfig,
      images: { ...config.images, ...fileConfig.images },
      env: { ...config.env, ...fileConfig.env },
    };
    sources.push(path);
    break;
  }
  return { config, folder, sources };
}
