import { FlyteValidationError } from "@flytekit-ts/core/errors";

/**
 * Project defaults for `tsflyte`, from the `flyte` key of `package.json` or from a
 * `flyte.config.json` / `flyte.config.mjs` / `flyte.config.js` file beside it (the file wins over
 * `package.json`; command-line flags win over both). Paths are relative to the folder holding it.
 */
export interface FlyteConfig {
  /**
   * Images by name: `default` is the default image (tag or digest required), the others are what
   * `{{.image.<name>.fqn}}` placeholders resolve to. `-i name=ref` flags replace entries of the same
   * name. @default {} (the default image is `ghcr.io/flytekit-ts/runtime:<version>`)
   */
  images?: Readonly<Record<string, string>>;
  /** Environment variables added to every task container; `--env K=V` flags replace keys. @default {} */
  env?: Readonly<Record<string, string>>;
  /** The project root (manifest and compiled files). @default the folder holding the configuration */
  projectRoot?: string;
  /** The source root, for image builds that copy sources. @default none */
  sourceRoot?: string;
  /** The tsconfig the extractor reads. @default `<projectRoot>/tsconfig.json` */
  tsconfig?: string;
  /** Where `tsflyte package` writes the archive. @default `flyte-package.tgz` */
  output?: string;
}

/** Types a `flyte.config.mjs` default export: `export default defineConfig({ ... })`. */
export function defineConfig(config: FlyteConfig): FlyteConfig {
  return config;
}

const STRING_FIELDS = ["projectRoot", "sourceRoot", "tsconfig", "output"] as const;
const RECORD_FIELDS = ["images", "env"] as const;

/**
 * Checks a configuration read from `source` (a file name, for messages).
 * @throws FlyteValidationError naming the file and the field for an unknown field or a wrong type.
 */
export function validateConfig(value: unknown, source: string): FlyteConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new FlyteValidationError(`${source}: the flyte configuration must be an object`);
  }
  const known = new Set<string>([...STRING_FIELDS, ...RECORD_FIELDS]);
  for (const [field, fieldValue] of Object.entries(value)) {
    if (!known.has(field)) {
      throw new FlyteValidationError(
        `${source}: unknown field ${JSON.stringify(field)} (known: ${[...known].join(", ")})`,
      );
    }
    if ((STRING_FIELDS as readonly string[]).includes(field) && typeof fieldValue !== "string") {
      throw new FlyteValidationError(`${source}: ${field} must be a string`);
    }
    if ((RECORD_FIELDS as readonly string[]).includes(field)) {
      if (typeof fieldValue !== "object" || fieldValue === null || Array.isArray(fieldValue)) {
        throw new FlyteValidationError(`${source}: ${field} must be an object of strings`);
      }
      for (const [key, entry] of Object.entries(fieldValue)) {
        if (typeof entry !== "string") {
          throw new FlyteValidationError(`${source}: ${field}.${key} must be a string`);
        }
      }
    }
  }
  return value as FlyteConfig;
}
