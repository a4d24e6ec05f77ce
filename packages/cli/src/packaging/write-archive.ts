import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { gzipSync } from "node:zlib";
import type { CodeBundle } from "../fast/code-bundle.js";
import type { RegistrationFile } from "./registration-files.js";
import { ustar } from "./ustar.js";

/**
 * The modification time of every archive entry. Fixed, so the same tasks give the same archive
 * bytes (flytekit uses the same date for its fast-registration archives).
 */
export const ARCHIVE_MTIME = new Date(Date.UTC(1981, 0, 1));

/**
 * The gzipped tar of `files`: each at the archive root, a regular file, mode 0644, owner 0; with
 * fast registration the code bundle last, as `pyflyte package --fast` adds it.
 */
export function registrationArchive(files: readonly RegistrationFile[], bundle?: CodeBundle): Buffer {
  const entries = files.map(({ fileName, entity }) => ({ name: fileName, bytes: entity.bytes }));
  if (bundle !== undefined) entries.push({ name: bundle.fileName, bytes: bundle.bytes });
  const tar = ustar(entries, { mtime: ARCHIVE_MTIME.getTime() / 1000 });
  // One synchronous gzip of the whole tar: a streaming gzip costs a thread-pool round trip per
  // chunk (ten times slower for a thousand small files).
  return gzipSync(tar);
}

/**
 * Writes a flat gzipped tar of `files`, the layout `flytectl register files --archive` extracts.
 * Missing folders are created. The archive appears at `path` only once complete (a temporary file is renamed over it), so a
 * failure never leaves half an archive.
 */
export async function writeRegistrationArchive(
  path: string,
  files: readonly RegistrationFile[],
  bundle?: CodeBundle,
): Promise<void> {
  const temporary = `${path}.${process.pid}.partial`;
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(temporary, registrationArchive(files, bundle));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
