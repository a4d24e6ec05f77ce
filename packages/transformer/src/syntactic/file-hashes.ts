/**
 * The sha256 of the files a manifest is made from, read again only when a file's size,
 * modification time or inode changed since the last run recorded its hash (as build tools' caches
 * do): an unchanged project is checked with one `stat` per file instead of reading it all.
 */
import { createHash } from "node:crypto";
import { readFileSync, type Stats, statSync } from "node:fs";

/** What a run recorded of one file: `[size, mtimeMs, inode, sha256]`. */
export type FileStamp = readonly [number, number, number, string];

/** Is the file `stats` describes the one `recorded` was taken of (same size, time and inode)? */
export function matchesStamp(stats: Stats, recorded: FileStamp): boolean {
  return recorded[0] === stats.size && recorded[1] === stats.mtimeMs && recorded[2] === stats.ino;
}

export class FileHashes {
  readonly #recorded: Readonly<Record<string, FileStamp>>;
  readonly #now = new Map<string, FileStamp | undefined>();
  /** Whether a file was read because its recorded stamp no longer matched (or it had none). */
  #reread = false;

  /** @param recorded what the last run recorded (none: every file is read). */
  constructor(recorded: Readonly<Record<string, FileStamp>> = {}) {
    this.#recorded = recorded;
  }

  /** The sha256 of `file`, `undefined` when it does not exist. */
  hashOf(file: string): string | undefined {
    if (!this.#now.has(file)) this.#now.set(file, this.#stampOf(file));
    return this.#now.get(file)?.[3];
  }

  #stampOf(file: string): FileStamp | undefined {
    const stats = statSync(file, { throwIfNoEntry: false });
    if (stats === undefined || !stats.isFile()) return undefined;
    const recorded = this.#recorded[file];
    if (recorded !== undefined && matchesStamp(stats, recorded)) return recorded;
    this.#reread = true;
    return [
      stats.size,
      stats.mtimeMs,
      stats.ino,
      createHash("sha256").update(readFileSync(file)).digest("hex"),
    ];
  }

  /** Whether any file's stamp differs from the recorded one (the record is then worth writing). */
  get changed(): boolean {
    return this.#reread || Object.keys(this.#recorded).length !== this.#now.size;
  }

  /** The stamps of every file hashed in this run, for the next. */
  stamps(): Record<string, FileStamp> {
    const out: Record<string, FileStamp> = {};
    for (const [file, stamp] of this.#now) if (stamp !== undefined) out[file] = stamp;
    return out;
  }
}
