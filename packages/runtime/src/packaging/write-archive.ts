import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { pack } from "tar-stream";
import type { RegistrationFile } from "./registration-files.js";

/**
 * The modification time of every archive entry. Fixed, so the same tasks give the same archive
 * bytes (flytekit uses the same date for its fast-registration archives).
 */
export const ARCHIVE_MTIME = new Date(Date.UTC(1981, 0, 1));

/**
 * Writes a flat gzipped tar of `files` (each at the archive root, regular files, mode 0644),
 * the layout `flytectl register files --archive` extracts. The archive appears at `path` only
 * once complete (a temporary file is renamed over it), so a failure never leaves half an archive.
 */
export async function writeRegistrationArchive(
  path: string,
  files: readonly RegistrationFile[],
): Promise<void> {
  const tar = pack();
  for (const { fileName, entity } of files) {
    tar.entry(
      {
        name: fileName,
        size: entity.bytes.length,
        mode: 0o644,
        mtime: ARCHIVE_MTIME,
        uid: 0,
        gid: 0,
        type: "file",
      },
      entity.bytes,
    );
  }
  tar.finalize();
  const temporary = `${path}.${process.pid}.partial`;
  try {
    await pipeline(tar, createGzip(), createWriteStream(temporary));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
