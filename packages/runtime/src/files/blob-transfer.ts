import { randomBytes } from "node:crypto";
import { basename, join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import type { LiteralMap } from "@flytekit-ts/core";
import { BlobType_BlobDimensionality, LiteralSchema } from "@flytekit-ts/core/idl";
import { eachBlob, isRemoteUri, localPathOf } from "./blob-literals.js";
import type { FileAccess } from "./file-access.js";
import { fileAccessFor } from "./file-access-for.js";

/** A store that moves whole files and folders (object stores). */
interface TransferStore extends FileAccess {
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

/**
 * Downloads the object-store files and folders among `map`'s blobs into `workDir` and points the
 * blobs at the local copies, so task code reads local paths.
 */
export async function downloadBlobInputs(map: LiteralMap, workDir: string): Promise<void> {
  let next = 0;
  for (const literal of Object.values(map.literals)) {
    await eachBlob(literal, async (blob) => {
      if (!isRemoteUri(blob.uri)) return;
      const store = fileAccessFor(blob.uri);
      if (!isTransferStore(store)) return;
      const folder = blob.metadata?.type?.dimensionality === BlobType_BlobDimensionality.MULTIPART;
      const target = join(
        workDir,
        "inputs",
        String(next++),
        basename(blob.uri.replace(/\/+$/, "")) || "data",
      );
      await store.download(blob.uri, target, folder);
      blob.uri = target;
    });
  }
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
      const uri = store.join(store.join(rawPrefix, randomBytes(8).toString("hex")), basename(local));
      await store.upload(local, uri);
      blob.uri = uri;
    });
  }
}
