import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { crc32, deflateRawSync } from "node:zlib";
import { pack } from "tar-stream";

/** How flytekit names a fast-registration bundle: `fast<md5>.tar.gz`, what `flytectl` looks for. */
export const BUNDLE_PREFIX = "fast";
export const BUNDLE_SUFFIX = ".tar.gz";

/**
 * The modification time of every bundle entry: 1980-01-01, as flytekit's
 * `tar_strip_file_attributes` writes it, so the same code gives the same bundle bytes.
 */
export const BUNDLE_MTIME = new Date(Date.UTC(1980, 0, 1));

/** A fast-registration code bundle. */
export interface CodeBundle {
  /** `fast<digest>.tar.gz`. */
  readonly fileName: string;
  /** md5 of the files' bytes and paths, as flytekit's `ls_files` computes it. */
  readonly digest: string;
  /** The gzipped tar. */
  readonly bytes: Uint8Array;
  /** The files in it, relative to the project root. */
  readonly files: readonly string[];
}

/**
 * flytekit's digest of a bundle: md5 over each file's bytes then its relative path with the
 * separators removed, files in sorted order. The same files give the same name, whatever the
 * machine.
 */
export function bundleDigest(files: readonly { path: string; bytes: Uint8Array }[]): string {
  const md5 = createHash("md5");
  for (const file of files) {
    md5.update(file.bytes);
    md5.update(file.path.split("/").join(""), "utf8");
  }
  return md5.digest("hex");
}

/**
 * gzip of `data` with the header flytekit's bundles have: the original file name (FNAME), no
 * modification time, maximum compression (XFL 2) and an unknown OS (255).
 */
export function gzipNamed(data: Uint8Array, name: string): Buffer {
  const header = Buffer.from([0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 2, 0xff]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data) >>> 0, 0);
  trailer.writeUInt32LE(data.length % 2 ** 32, 4);
  return Buffer.concat([
    header,
    Buffer.from(name, "latin1"),
    Buffer.from([0]),
    deflateRawSync(data, { level: 9 }),
    trailer,
  ]);
}

/** The tar of `files`: regular files only, owner 0 with no names, fixed mtime, each file's permissions. */
async function tarOf(files: readonly { path: string; bytes: Uint8Array; mode: number }[]): Promise<Buffer> {
  const packer = pack();
  const chunks: Buffer[] = [];
  packer.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    packer.on("end", resolve);
    packer.on("error", reject);
  });
  for (const file of files) {
    packer.entry(
      {
        name: file.path,
        size: file.bytes.length,
        mode: file.mode,
        mtime: BUNDLE_MTIME,
        uid: 0,
        gid: 0,
        uname: "",
        gname: "",
        type: "file",
      },
      Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.length),
    );
  }
  packer.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** The code bundle of `files` (relative to `root`, sorted), named after its digest. */
export async function codeBundle(root: string, files: readonly string[]): Promise<CodeBundle> {
  const contents = await Promise.all(
    files.map(async (path) => {
      const absolute = join(root, path);
      const [bytes, stats] = await Promise.all([readFile(absolute), stat(absolute)]);
      return { path, bytes, mode: stats.mode & 0o755 };
    }),
  );
  const digest = bundleDigest(contents);
  const fileName = `${BUNDLE_PREFIX}${digest}${BUNDLE_SUFFIX}`;
  const tar = await tarOf(contents);
  return { fileName, digest, bytes: gzipNamed(tar, fileName.slice(0, -".gz".length)), files };
}
