import { readdir } from "node:fs/promises";
import { join } from "node:path";

/** Every file below `dir` (recursively), sorted: what an object store holds for a folder. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out.sort();
}
