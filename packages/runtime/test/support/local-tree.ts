import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * A fresh temporary folder holding `tree/` with `files` (paths relative to it, `/`-separated).
 * Returns the temporary folder; the tree is at `join(dir, "tree")`.
 */
export async function localTree(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "store-tree-"));
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, "tree", ...path.split("/"));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  return dir;
}
