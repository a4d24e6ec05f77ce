import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { Manifest } from "@flytekit-ts/core/internal";

const posix = (path: string) => path.split(sep).join("/");

// Synchronous reads: hundreds of small files hash faster in one loop than through the thread pool.
function sha256(path: string): string | undefined {
  try {
    return createHash("sha256").update(readFileSync(path)).digest("hex");
  } catch {
    return undefined;
  }
}

/** Every `.js`/`.mjs`/`.cjs` file below `dir` (relative to `root`), or none when it does not exist. */
async function compiledFilesBelow(root: string, dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = (await readdir(join(root, dir), { recursive: true })) as string[];
  } catch {
    return [];
  }
  return entries
    .filter((name) => /\.[cm]?js$/.test(name))
    .map((name) => posix(relative(root, join(root, dir, name))));
}

/**
 * What changed since the manifest was made: each source or compiled file whose content differs,
 * that is gone, or (compiled) that is new in an output folder. Empty when the manifest is fresh. A
 * manifest without `inputs` (written before they were recorded) cannot be checked: it is reported
 * as such.
 */
export async function manifestChanges(root: string, manifest: Manifest): Promise<string[]> {
  const inputs = manifest.inputs;
  if (inputs === undefined) return ["the manifest records no input files (written by an older flytekit-ts)"];
  const changes: string[] = [];
  const check = (file: string, recorded: string) => {
    if (recorded === "") return; // written while compiling: the compiled file was not there yet
    const now = sha256(join(root, file));
    if (now === undefined) changes.push(`${file} (removed)`);
    else if (now !== recorded) changes.push(`${file} (changed)`);
  };
  for (const [file, hash] of Object.entries(inputs.sources)) check(file, hash);
  for (const [file, hash] of Object.entries(inputs.compiled)) check(file, hash);
  const known = new Set(Object.keys(inputs.compiled));
  for (const dir of inputs.outDirs) {
    for (const file of await compiledFilesBelow(root, dir))
      if (!known.has(file)) changes.push(`${file} (new)`);
  }
  return changes.sort();
}
