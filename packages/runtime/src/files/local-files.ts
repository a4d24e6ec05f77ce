import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";

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

/** One file to upload: where it is, where it goes, how big it is. */
export interface FileUpload {
  readonly file: string;
  readonly uri: string;
  readonly size: number;
}

/**
 * The uploads that put `localPath` at `uri`: the file itself, or every file below a folder at its
 * relative name under `uri` (joined with the store's `join`).
 */
export async function uploadsOf(
  localPath: string,
  uri: string,
  joinUri: (uri: string, name: string) => string,
): Promise<FileUpload[]> {
  const info = await stat(localPath);
  if (!info.isDirectory()) return [{ file: localPath, uri, size: info.size }];
  const uploads: FileUpload[] = [];
  for (const file of await listFiles(localPath)) {
    const name = relative(localPath, file).split(sep).join("/");
    uploads.push({ file, uri: joinUri(uri, name), size: (await stat(file)).size });
  }
  return uploads;
}
