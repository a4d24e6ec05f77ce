import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { FlyteValidationError } from "@flytekit-ts/core";
import { extract, type Header } from "tar-stream";

/** Limits on what a bundle may unpack to (a bundle is data from an object store: never trusted). */
export interface UnpackLimits {
  /** The most bytes of file content. @default 1 GiB */
  readonly maxBytes?: number;
  /** The most entries. @default 100,000 */
  readonly maxEntries?: number;
}

/** A bundle that cannot be unpacked safely: an entry outside the folder, a link, a device, too big. */
export class UnsafeBundleError extends FlyteValidationError {}

const shown = (name: string) => JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}...` : name);

/**
 * The path below the destination that entry `name` is written to. Refuses absolute paths, `..`,
 * NUL and empty names: the bundle can only add files inside the destination.
 */
export function entryPath(name: string): string {
  const parts = name.split("/").filter((part) => part !== "" && part !== ".");
  if (
    name.startsWith("/") ||
    name.includes("\0") ||
    name.includes("\\") ||
    parts.length === 0 ||
    parts.includes("..")
  )
    throw new UnsafeBundleError(`the code bundle has an entry outside its folder: ${shown(name)}`);
  return parts.join("/");
}

/**
 * Unpacks a code bundle (a tar, gzipped or not: flytectl uploads it uncompressed) into `destination`,
 * replacing files already there (the image's copy of the code). Only regular files and folders;
 * each file is written beside its target and renamed over it, so a link already at that path is
 * replaced, never followed. @returns the number of files written
 * @throws UnsafeBundleError for an unsafe entry or a bundle over the limits
 */
export async function unpackBundle(
  bytes: Uint8Array,
  destination: string,
  limits: UnpackLimits = {},
): Promise<number> {
  const maxBytes = limits.maxBytes ?? 1024 ** 3;
  const maxEntries = limits.maxEntries ?? 100_000;
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const tar = extract();
  let entries = 0;
  let total = 0;
  let files = 0;
  let counter = 0;
  tar.on("entry", (header: Header, stream, next) => {
    const fail = (error: Error) => {
      stream.resume();
      next(error);
    };
    void (async () => {
      entries += 1;
      if (entries > maxEntries) throw new UnsafeBundleError(`the code bundle has over ${maxEntries} entries`);
      const path = join(destination, entryPath(header.name));
      if (header.type === "directory") {
        await mkdir(path, { recursive: true });
        stream.resume();
        return next();
      }
      if (header.type !== "file")
        throw new UnsafeBundleError(
          `the code bundle's entry ${shown(header.name)} is a ${header.type}, not a file`,
        );
      total += header.size ?? 0;
      if (total > maxBytes) throw new UnsafeBundleError(`the code bundle unpacks to over ${maxBytes} bytes`);
      await mkdir(dirname(path), { recursive: true });
      const partial = `${path}.${process.pid}.${counter++}.partial`;
      try {
        await pipeline(
          stream,
          createWriteStream(partial, { mode: (header.mode ?? 0o644) & 0o755, flags: "wx" }),
        );
        await rename(partial, path);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      files += 1;
      next();
    })().catch(fail);
  });
  const source = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)]);
  await (gzipped ? pipeline(source, createGunzip(), tar) : pipeline(source, tar));
  return files;
}
