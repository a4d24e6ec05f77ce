import { FlyteError } from "@flytekit-ts/core";

/** An object store refused or failed a request; the message names bucket and key, never credentials. */
export class ObjectStoreError extends FlyteError {
  constructor(
    readonly uri: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super("SYSTEM", `${reason} for ${uri}`, options);
  }
}

/** `<scheme>://bucket/key` as its parts. */
export function parseBucketUri(uri: string, scheme: "s3" | "gs"): { bucket: string; key: string } {
  const match = new RegExp(`^${scheme}://([^/]+)/?(.*)$`).exec(uri);
  if (match === null) throw new ObjectStoreError(uri, `not an ${scheme}:// URI`);
  return { bucket: match[1] as string, key: match[2] as string };
}

/** Files larger than this go up in parts (S3 multipart, GCS resumable upload). */
export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
