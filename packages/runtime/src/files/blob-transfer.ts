import { cp, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { FlyteDownloadError, type LiteralMap } from "@flytekit-ts/core";
import { fromBinary, LiteralSchema } from "@flytekit-ts/core/idl";
import { type BlobLocalizer, isRemoteUri } from "@flytekit-ts/core/internal";
import { randomHex } from "../process/random-hex.js";
import { eachBlob, localPathOf } from "./blob-literals.js";
import type { FileAccess } from "./file-access.js";
import { fileAccessFor } from "./file-access-for.js";

/** A store that moves whole files and folders (object stores). */
export interface TransferStore extends FileAccess {
  upload(localPath: string, uri: string): Promise<void>;
  download(uri: string, localPath: string, folder?: boolean): Promise<void>;
}

const isTransferStore = (store: FileAccess): store is TransferStore =>
  typeof (store as Partial<TransferStore>).upload === "function" &&
  typeof (store as Partial<TransferStore>).download === "function";

/**
 * Replaces offloaded literals (`offloaded_metadata`, as flytekit writes large outputs) by the
 * literal stored at their URI.
 */
export async function resolveOffloaded(map: LiteralMap): Promise<void> {
  for (const [name, literal] of Object.entries(map.literals)) {
    if (literal.value.case !== "offloadedMetadata") continue;
    const uri = literal.value.value.uri;
    map.literals[name] = fromBinary(LiteralSchema, await fileAccessFor(uri).read(uri));
  }
}

export function storeFor(uri: string): TransferStore | undefined {
  try {
    const store = fileAccessFor(uri);
    return isTransferStore(store) ? store : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the object-store blobs among a task's inputs go: each gets its own local path under
 * `workDir` and is downloaded only when task code calls `download()` on it (as flytekit downloads
 * on first use); blobs nothing touches are never fetched.
 */
export function lazyBlobDownloads(workDir: string): BlobLocalizer {
  let next = 0;
  return (uri, folder, where) => {
    const store = isRemoteUri(uri) ? storeFor(uri) : undefined;
    // A URI no store moves stays the blob's path; `download()` then says it cannot fetch it.
    if (store === undefined) return undefined;
    const path = join(workDir, "inputs", String(next++), basename(uri.replace(/\/+$/, "")) || "data");
    const fetch = async () => {
      try {
        await store.download(uri, path, folder);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new FlyteDownloadError(uri, `${where}: could not download ${uri}: ${why}`, { cause: error });
      }
    };
    return { path, origin: { remoteSource: uri, fetch } };
  };
}

/**
 * Uploads the local files and folders among `map`'s blobs under `rawPrefix` (an object store) and
 * points the blobs at the uploaded copies, as flytekit does with a task's file outputs.
 */
export async function uploadBlobOutputs(map: LiteralMap, rawPrefix: string | undefined): Promise<void> {
  if (rawPrefix === undefined || !isRemoteUri(rawPrefix)) return;
  const store = fileAccessFor(rawPrefix);
  if (!isTransferStore(store)) return;
  for (const literal of Object.values(map.literals)) {
    await eachBlob(literal, async (blob) => {
      if (isRemoteUri(blob.uri)) return;
      const local = localPathOf(blob.uri);
      const uri = store.join(store.join(rawPrefix, randomHex(8)), basename(local));
      await store.upload(local, uri);
      blob.uri = uri;
    });
  }
}

/**
 * Where local runs keep the files and folders tasks return (flytekit's local raw output prefix):
 * outside each run's scratch folder, so a returned file outlives the run. `FLYTE_LOCAL_RAW_OUTPUT`
 * moves it. @default `<system temporary folder>/flytekit-ts-raw`
 */
export function localRawOutputDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.FLYTE_LOCAL_RAW_OUTPUT ?? join(tmpdir(), "flytekit-ts-raw");
}

/**
 * Copies the local files and folders among `map`'s blobs under `<rawDir>/<random>/` and points the
 * blobs at the copies, as flytekit copies a locally run task's file outputs into its raw output
 * prefix: what the task wrote in its scratch folder is still there after the run.
 */
export async function keepBlobOutputs(map: LiteralMap, rawDir: string): Promise<void> {
  for (const literal of Object.values(map.literals)) {
    await eachBlob(literal, async (blob) => {
      if (isRemoteUri(blob.uri)) return;
      const local = localPathOf(blob.uri);
      const target = join(rawDir, randomHex(8), basename(local) || "data");
      await mkdir(dirname(target), { recursive: true });
      await cp(local, target, { recursive: true, errorOnExist: true, force: false });
      blob.uri = target;
    });
  }
}
