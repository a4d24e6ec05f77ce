import { existsSync } from "node:fs";
import { join } from "node:path";
import { FlyteNotFoundError, FlyteValidationError } from "@flytekit-ts/core";
import { MANIFEST_FILE } from "@flytekit-ts/core/internal";
import { forgetManifest, readManifest } from "@flytekit-ts/runtime/internal";
import { describeChanges, extractProjectManifest, type ManifestResult } from "./extract-manifest.js";
import { manifestChanges } from "./manifest-freshness.js";

/** Options of {@link ensureManifest}. */
export interface EnsureManifestOptions {
  /** The tsconfig the extractor reads. @default `<root>/tsconfig.json` */
  tsconfig?: string | undefined;
  /**
   * Extract when there is no manifest or it is stale. With `false` a missing or stale manifest is an
   * error naming the changed files (`--no-extract`). @default true
   */
  extract?: boolean;
}

/**
 * The project's manifest, always fresh: the existing one when nothing it was made from changed
 * (sources and compiled files, by content), else a new one from the extractor. A task in the
 * compiled output that the manifest lacks can never be packaged silently.
 * @throws FlyteValidationError when the manifest is stale (or missing) and cannot be extracted
 *   (`extract: false`, or no TypeScript/transformer in the project), naming the changed files.
 */
export async function ensureManifest(
  root: string,
  options: EnsureManifestOptions | string | undefined = {},
): Promise<ManifestResult> {
  const { tsconfig, extract = true } =
    typeof options === "string" || options === undefined ? { tsconfig: options } : options;
  const file = join(root, MANIFEST_FILE);
  if (!existsSync(file)) {
    if (!extract)
      throw new FlyteNotFoundError(
        `no ${MANIFEST_FILE} in ${root}: run \`tsflyte extract\` (or drop --no-extract)`,
      );
    return extracted(root, tsconfig, file);
  }
  const changes = await manifestChanges(root, await readManifest(root));
  if (changes.length === 0) return { file, extracted: false };
  const stale = `${MANIFEST_FILE} is stale: ${describeChanges(changes)} changed since it was made`;
  if (!extract)
    throw new FlyteValidationError(`${stale}; run \`tsflyte extract\` after building (or drop --no-extract)`);
  try {
    return { ...(await extracted(root, tsconfig, file)), stale: changes };
  } catch (error) {
    if (error instanceof FlyteNotFoundError) {
      throw new FlyteValidationError(`${stale}, and it cannot be extracted again here: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Extracts the manifest, and makes the runtime (loaded here) read the new one. */
async function extracted(root: string, tsconfig: string | undefined, file: string): Promise<ManifestResult> {
  const result = await extractProjectManifest(root, {
    ...(tsconfig === undefined ? {} : { tsconfig }),
    output: file,
  });
  forgetManifest(root);
  return result;
}
