import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** A file's new content, written beside it and not in place yet. */
export interface StagedFile {
  /** The temporary file holding it (a rename keeps its inode and times). */
  readonly path: string;
  /** Puts it in place (one rename: a reader sees the old content or the new). */
  commit(): void;
  /** Removes it: the file keeps its old content. */
  discard(): void;
}

/** Writes `text` beside `file`, to be put in place later (or not). */
export function stageFile(file: string, text: string): StagedFile {
  mkdirSync(dirname(file), { recursive: true });
  const path = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(path, text);
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
  return {
    path,
    commit() {
      try {
        renameSync(path, file);
      } catch (error) {
        rmSync(path, { force: true });
        throw error;
      }
    },
    discard() {
      rmSync(path, { force: true });
    },
  };
}

/**
 * Writes `text` to `file` through a temporary file beside it and a rename, so a reader (or a
 * build interrupted mid-write) sees the old content or the new, never half of it.
 */
export function writeAtomically(file: string, text: string): void {
  stageFile(file, text).commit();
}

/** Does `file` hold exactly `text`? (Its size first: a manifest that changed usually changed size.) */
export function holdsText(file: string, text: string): boolean {
  const bytes = Buffer.from(text);
  if (statSync(file, { throwIfNoEntry: false })?.size !== bytes.length) return false;
  try {
    return readFileSync(file).equals(bytes);
  } catch {
    return false;
  }
}
