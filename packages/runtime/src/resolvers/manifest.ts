import { realpathSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { FlyteNotFoundError } from "@flytekit-ts/core";
import { MANIFEST_FILE, type Manifest, type ManifestEntry, parseManifest } from "@flytekit-ts/core/internal";

/** An entry of `flyte.manifest.json` (the contract lives in @flytekit-ts/core). */
export type { Manifest, ManifestEntry } from "@flytekit-ts/core/internal";

/** The folder `tsflyte-execute` runs in (the image's working directory), or `FLYTE_PROJECT_ROOT`. */
export function projectRoot(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.FLYTE_PROJECT_ROOT ?? process.cwd());
}

const cache = new Map<string, Promise<Manifest>>();

/** The project's manifest. @throws FlyteNotFoundError when there is none. */
export function readManifest(root: string): Promise<Manifest> {
  let manifest = cache.get(root);
  if (manifest === undefined) {
    manifest = readFile(join(root, MANIFEST_FILE), "utf8").then(
      (text) => {
        try {
          return parseManifest(text, join(root, MANIFEST_FILE));
        } catch (error) {
          cache.delete(root);
          throw error;
        }
      },
      (error) => {
        cache.delete(root);
        throw new FlyteNotFoundError(
          `no flyte.manifest.json in ${root}: build the project and run \`tsflyte extract\` (tsflyte package writes it too)`,
          { cause: error },
        );
      },
    );
    cache.set(root, manifest);
  }
  return manifest;
}

/** A module name or key: dotted identifiers, nothing that could leave the project. */
const SAFE = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/;

/**
 * The absolute path of a manifest entry's compiled file, refusing anything outside the project.
 * @throws FlyteNotFoundError for a path that leaves the project root.
 */
export function compiledPath(root: string, entry: ManifestEntry): string {
  const outside = () =>
    new FlyteNotFoundError(
      `manifest entry ${entry.module}:${entry.key} points outside the project (${entry.compiledFile})`,
    );
  const path = resolve(root, entry.compiledFile);
  if (!isInside(root, path)) throw outside();
  // Links are followed as the import would follow them: the file imported must be in the project too.
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    throw new FlyteNotFoundError(
      `module ${entry.module}: its compiled file ${entry.compiledFile} is missing; build the project first (tspc)`,
      { cause: error },
    );
  }
  if (!isInside(realpathSync(root), real)) throw outside();
  return real;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

/** Forgets a cached manifest, after `tsflyte extract` rewrote it. */
export function forgetManifest(root: string): void {
  cache.delete(root);
}

/** Refuses module names and keys that are not plain dotted identifiers (`..`, paths, URLs). */
export function checkIdentity(module: string, key: string): void {
  for (const [what, value] of [
    ["module", module],
    ["key", key],
  ] as const) {
    if (!SAFE.test(value)) {
      throw new FlyteNotFoundError(
        `refusing ${what} ${JSON.stringify(value)}: loader args name a module and key of the project, not a path or URL`,
      );
    }
  }
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length] as number;
}

/** The up to three known names nearest to `wanted`. */
export function nearest(wanted: string, known: readonly string[]): string[] {
  return [...known].sort((x, y) => distance(wanted, x) - distance(wanted, y)).slice(0, 3);
}
