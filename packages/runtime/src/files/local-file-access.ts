import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type FileAccess, FileNotFoundError } from "./file-access.js";
import { readRegularFile } from "./regular-files.js";

/** Local paths and `file://` URIs. */
export class LocalFileAccess implements FileAccess {
  handles(uri: string): boolean {
    return uri.startsWith("file://") || !/^[a-z][a-z0-9+.-]*:\/\//i.test(uri);
  }

  path(uri: string): string {
    return uri.startsWith("file://") ? fileURLToPath(uri) : uri;
  }

  /** Reads a regular file only: a FIFO, a device (`/dev/zero`) or a folder is refused, never waited on. */
  async read(uri: string): Promise<Uint8Array> {
    try {
      return await readRegularFile(this.path(uri));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT")
        throw new FileNotFoundError(uri, { cause: error });
      throw error;
    }
  }

  async write(uri: string, bytes: Uint8Array): Promise<void> {
    const path = this.path(uri);
    await mkdir(dirname(path), { recursive: true });
    // A temporary file beside the target, then rename: rename is atomic on one filesystem. The
    // name need not be secret: "wx" refuses anything already there (a file, a planted link).
    const temporary = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
    try {
      await writeFile(temporary, bytes, { flag: "wx" });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  join(uri: string, name: string): string {
    return uri.startsWith("file://") ? `${uri.replace(/\/+$/, "")}/${name}` : join(uri, name);
  }
}
