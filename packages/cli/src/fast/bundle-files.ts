import { existsSync, readFileSync } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { MANIFEST_FILE } from "@flytekit-ts/core/internal";
import ignore, { type Ignore } from "ignore";

/**
 * Which files the code bundle holds (flytekit's `--copy`): `auto` what runs (the compiled output,
 * the manifest and package.json), `all` every file of the project that the ignore files do not
 * exclude, plus what `auto` takes.
 */
export type CopyStyle = "auto" | "all";

/** The copy styles `--copy` takes; `none` turns fast registration off. */
export const COPY_CHOICES = ["auto", "all", "none"] as const;

/**
 * Never in a bundle, whatever the ignore files say: installed packages (the image has them),
 * version control, caches, build info and earlier archives.
 */
const STANDARD_IGNORES = [
  "node_modules/",
  ".git/",
  ".cache/",
  ".DS_Store",
  "*.tsbuildinfo",
  "fast*.tar.gz",
  "flyte-package.tgz",
];

/** The ignore files read at the project root, as flytekit reads them (gitignore syntax). */
const IGNORE_FILES = [".gitignore", ".dockerignore", ".flyteignore"];

/** The project root's ignore rules: the standard ones and those of its ignore files. */
export function projectIgnores(root: string): Ignore {
  const rules = ignore().add(STANDARD_IGNORES);
  for (const name of IGNORE_FILES) {
    const path = join(root, name);
    if (existsSync(path)) rules.add(readFileSync(path, "utf8"));
  }
  return rules;
}

const posix = (path: string) => path.split(sep).join("/");

/** Regular files below `folder` (symbolic links and special files are skipped), relative to `root`. */
async function walk(
  root: string,
  folder: string,
  skip: (relativePath: string, isFolder: boolean) => boolean,
) {
  const found: string[] = [];
  const pending = [folder];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      const relativePath = posix(relative(root, path));
      if (entry.isDirectory()) {
        if (!skip(relativePath, true)) pending.push(path);
      } else if (entry.isFile() && !skip(relativePath, false)) {
        found.push(relativePath);
      }
    }
  }
  return found;
}

/** What runs: every file in the compiled output folders, the manifest and package.json. */
async function runnableFiles(root: string, outDirs: readonly string[]): Promise<string[]> {
  const standard = ignore().add(STANDARD_IGNORES);
  const files: string[] = [];
  for (const outDir of outDirs) {
    files.push(
      ...(await walk(root, join(root, outDir), (path, isFolder) =>
        standard.ignores(isFolder ? `${path}/` : path),
      )),
    );
  }
  for (const name of [MANIFEST_FILE, "package.json"]) {
    const stats = await lstat(join(root, name)).catch(() => undefined);
    if (stats?.isFile()) files.push(name);
  }
  return files;
}

/**
 * The bundle's files, relative to `root` with `/` separators, sorted (the order the digest and the
 * tar use). `outDirs` are the project's compiled output folders (the manifest's), always included
 * even when an ignore file lists them, as they hold the code that runs.
 */
export async function bundleFiles(
  root: string,
  copy: CopyStyle,
  outDirs: readonly string[],
): Promise<string[]> {
  const files = new Set(await runnableFiles(root, outDirs));
  if (copy === "all") {
    const rules = projectIgnores(root);
    for (const path of await walk(root, root, (path, isFolder) =>
      rules.ignores(isFolder ? `${path}/` : path),
    ))
      files.add(path);
  }
  return [...files].sort();
}
