import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { FlyteNotFoundError, FlyteValidationError } from "@flytekit-ts/core";
import { forgetManifest } from "../resolvers/manifest.js";

/** What the manifest step did. */
export interface ManifestResult {
  /** The manifest file. */
  readonly file: string;
  /** `true` when the extractor wrote it now, `false` when an existing one was used. */
  readonly extracted: boolean;
  /** How many tasks it lists (only known when extracted). */
  readonly tasks?: number;
  /** How many workflows and launch plans it lists (only known when extracted). */
  readonly workflows?: number;
}

/** `17 tasks`, `17 tasks, 3 workflows and launch plans`: what an extracted manifest holds. */
export function describeManifestCounts(result: ManifestResult): string {
  const workflows = result.workflows ?? 0;
  return `${result.tasks ?? 0} tasks${workflows > 0 ? `, ${workflows} workflows and launch plans` : ""}`;
}

/** The extractor's API (`@flytekit-ts/transformer/extract`), loaded only when needed. */
interface Extractor {
  writeManifest(
    tsconfig: string,
    outFile?: string,
  ): { manifest: { tasks: readonly unknown[]; workflows?: readonly unknown[] }; file: string };
  ExtractError: new (...args: never[]) => Error & { problems: readonly string[] };
}

/**
 * Writes the project's `flyte.manifest.json` with the extractor (which reads the TypeScript
 * program: `@flytekit-ts/transformer` must be installed in the project).
 * @throws FlyteNotFoundError when there is no tsconfig or no transformer to read it with.
 * @throws FlyteValidationError listing every build-time problem (file:line) the extractor found.
 */
export async function extractProjectManifest(
  root: string,
  tsconfig: string = join(root, "tsconfig.json"),
  outFile: string = join(root, "flyte.manifest.json"),
): Promise<ManifestResult> {
  if (!existsSync(tsconfig)) {
    throw new FlyteNotFoundError(
      `cannot extract the task manifest: no ${tsconfig} (pass --tsconfig, or build the project and write flyte.manifest.json)`,
    );
  }
  const extractor = await loadExtractor(root);
  try {
    const { manifest, file } = extractor.writeManifest(tsconfig, outFile);
    forgetManifest(root);
    return {
      file,
      extracted: true,
      tasks: manifest.tasks.length,
      workflows: manifest.workflows?.length ?? 0,
    };
  } catch (error) {
    if (error instanceof extractor.ExtractError) {
      throw new FlyteValidationError(error.message, { cause: error });
    }
    throw error;
  }
}

/** The project's manifest: the existing one, or a new one from the extractor when there is none. */
export async function ensureManifest(root: string, tsconfig?: string): Promise<ManifestResult> {
  const file = join(root, "flyte.manifest.json");
  if (existsSync(file)) return { file, extracted: false };
  return extractProjectManifest(root, tsconfig, file);
}

/** The transformer as the project resolves it, else as this package does. */
async function loadExtractor(root: string): Promise<Extractor> {
  const specifier = "@flytekit-ts/transformer/extract";
  let url: string = specifier;
  try {
    url = pathToFileURL(createRequire(join(root, "package.json")).resolve(specifier)).href;
  } catch {
    // not installed in the project: try our own resolution below
  }
  try {
    return (await import(url)) as Extractor;
  } catch (error) {
    throw new FlyteNotFoundError(
      `extracting the task manifest needs @flytekit-ts/transformer (and typescript) installed in the project: npm install -D @flytekit-ts/transformer typescript`,
      { cause: error },
    );
  }
}
