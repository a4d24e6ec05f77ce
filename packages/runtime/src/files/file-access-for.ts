import type { FileAccess } from "./file-access.js";
import { GcsFileAccess } from "./gcs-file-access.js";
import { LocalFileAccess } from "./local-file-access.js";
import { S3FileAccess } from "./s3-file-access.js";

// The object stores are cheap until used: their SDKs are imported on their first request.
const stores: FileAccess[] = [new S3FileAccess(), new GcsFileAccess(), new LocalFileAccess()];

/** The store that serves `uri`. @throws Error naming the scheme when none does. */
export function fileAccessFor(uri: string): FileAccess {
  const store = stores.find((candidate) => candidate.handles(uri));
  if (store === undefined) {
    throw new Error(`no file access for ${uri}: supported are local paths, file://, s3:// and gs:// URIs`);
  }
  return store;
}

/** Adds a store (tried before the built-in ones), e.g. for an object store. */
export function registerFileAccess(store: FileAccess): void {
  stores.unshift(store);
}
