import { constants } from "node:fs";
import { lstat, open, readdir } from "node:fs/promises";
import { join } from "node:path";
import { FlyteError } from "@flytekit-ts/core";

/**
 * A path that must not be read: a link where links are refused, a FIFO, a socket, a device, or a
 * file larger than the reader accepts. Data from outside (a container's output folder, `--inputs`,
 * a template path) is read only through the functions here, so none of it can make the runtime read
 * a host file through a link, block forever on a FIFO, or read without end from `/dev/zero`.
 */
export class UnreadableFileError extends FlyteError {
  constructor(
    readonly path: string,
    readonly reason: "link" | "not-regular" | "too-large",
    message: string,
    /** The file's size, for `too-large`. */
    readonly size?: number,
  ) {
    super("VALIDATION", message);
  }
}

/** How {@link readRegularFile} reads. */
export interface RegularReadOptions {
  /** Refuse a symbolic link at `path` itself (its parent folders are the caller's). @default false */
  noFollow?: boolean;
  /** The most bytes accepted; a larger file is refused before anything is read. @default 2 GiB */
  maxBytes?: number;
  /** How the file is named in errors. @default the path */
  label?: string;
}

/** 2 GiB: the largest Buffer Node allocates on every platform. */
const DEFAULT_MAX_BYTES = 2 ** 31 - 1;

function kindOf(info: { isFIFO(): boolean; isSocket(): boolean; isDirectory(): boolean }): string {
  if (info.isFIFO()) return "a FIFO";
  if (info.isSocket()) return "a socket";
  if (info.isDirectory()) return "a directory";
  return "a device or other special file";
}

/**
 * The bytes of the regular file at `path`. It is opened without blocking (a FIFO cannot hold the
 * open) and, with `noFollow`, without following a link; the open file is checked to be regular and
 * at most `maxBytes` long, and reading stops there even if the file grows meanwhile.
 * @throws UnreadableFileError for a link (with noFollow), a special file or a file too large;
 *   the file system's error (ENOENT, ...) otherwise.
 */
export async function readRegularFile(path: string, options: RegularReadOptions = {}): Promise<Uint8Array> {
  const label = options.label ?? path;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (options.noFollow ? constants.O_NOFOLLOW : 0);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, flags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOOP" && options.noFollow)
      throw new UnreadableFileError(path, "link", `${label} is a symbolic link: links are not followed`);
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile())
      throw new UnreadableFileError(path, "not-regular", `${label} is ${kindOf(info)}, not a regular file`);
    if (info.size > maxBytes) {
      throw new UnreadableFileError(
        path,
        "too-large",
        `${label} is ${info.size} bytes, more than the ${maxBytes} accepted`,
        info.size,
      );
    }
    const buffer = Buffer.alloc(info.size);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, filled);
  } finally {
    await handle.close();
  }
}

/** What is at a path, without following a link: `missing`, `file`, `directory`, or `other`. */
export async function entryKind(path: string): Promise<"missing" | "file" | "directory" | "link" | "other"> {
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
  if (info.isSymbolicLink()) return "link";
  if (info.isFile()) return "file";
  if (info.isDirectory()) return "directory";
  return "other";
}

/**
 * Checks that `path` is a regular file, or a folder holding only folders and regular files, with
 * no link anywhere: what may be moved out of a container's folder and later read on the host.
 * @throws UnreadableFileError naming the first offending entry.
 */
export async function assertPlainTree(path: string, label: string): Promise<"file" | "directory"> {
  const kind = await entryKind(path);
  if (kind === "file" || kind === "directory") {
    if (kind === "directory") {
      for (const entry of await readdir(path)) await assertPlainTree(join(path, entry), `${label}/${entry}`);
    }
    return kind;
  }
  if (kind === "link")
    throw new UnreadableFileError(path, "link", `${label} is a symbolic link: links are not followed`);
  if (kind === "missing") throw new UnreadableFileError(path, "not-regular", `${label} does not exist`);
  throw new UnreadableFileError(path, "not-regular", `${label} is not a regular file or folder`);
}

/**
 * Checks that no folder on the way from `root` to `root/relative` is a link, so a path a container
 * wrote cannot lead out of its folder through a link it planted (`raw/x -> /etc`).
 * @throws UnreadableFileError naming the link.
 */
export async function assertNoLinkOnTheWay(root: string, relative: string, label: string): Promise<void> {
  const parts = relative.split("/").filter((part) => part !== "");
  let path = root;
  for (const part of parts.slice(0, -1)) {
    path = join(path, part);
    const kind = await entryKind(path);
    if (kind === "link")
      throw new UnreadableFileError(path, "link", `${label} leads through a symbolic link (${part})`);
  }
}
