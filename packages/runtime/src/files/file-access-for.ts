import type { FileAccess } from "./file-access.js";
import { LocalFileAccess } from "./local-file-access.js";
import { S3FileAccess } from "./s3-file-access.js";

// The S3 store is cheap until used: the AWS SDK is imported on its first request.
const stores: FileAccess[] = [new S3FileAccess(), new LocalFileAccess()];

/** The store that serves `uri`. @throws Error naming the scheme when none does. */
export function fileAccessFor(uri: string): FileAccess {
  const store = stores.find((candidate) => candidate.handles(uri));
  if (store === undefined) {
    throw new Error(`no file access for ${uri}: supported are local paths, file:// and s3:// URIs`);
  }
  return store;
}

/** Adds a store (tried before the built-in ones), e.g. for an object store. */
export function registerFileAccess(store: FileAccess): void {
  stores.unshift(store);
}
