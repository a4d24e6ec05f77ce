import { type BlobOrigin, FlyteDirectory, FlyteFile } from "./blob.js";

/**
 * Decides where a blob read from a literal lives locally: for an object-store URI, the local path it
 * will be downloaded to and how to fetch it; `undefined` keeps the URI as the blob's path.
 * `where` names the input (`Task t: input "doc"`; for a list element or struct field, the input
 * holding it) for error messages.
 */
export type BlobLocalizer = (
  uri: string,
  folder: boolean,
  where: string,
) => { readonly path: string; readonly origin: BlobOrigin } | undefined;

// Literal conversion is synchronous, so the localizer of the conversion in progress can live in
// module scope for its duration instead of being threaded through every recursive call.
let active: BlobLocalizer | undefined;

/** Runs the synchronous `convert` with `localizer` deciding where the blobs it reads live. */
export function withBlobLocalizer<T>(localizer: BlobLocalizer | undefined, convert: () => T): T {
  const previous = active;
  active = localizer;
  try {
    return convert();
  } finally {
    active = previous;
  }
}

/** The native value of a blob at `uri`, localized by the conversion's localizer if there is one. */
export function blobFromUri(
  kind: "file" | "directory",
  uri: string,
  format: string,
  where: string,
): FlyteFile | FlyteDirectory {
  const local = active?.(uri, kind === "directory", where);
  const path = local?.path ?? (uri.startsWith("file://") ? pathOfFileUri(uri) : uri);
  return kind === "file"
    ? new FlyteFile(path, format, local?.origin)
    : new FlyteDirectory(path, format, local?.origin);
}

/** The local path a `file://` URI names (`file:///data/a%20b` is `/data/a b`), as flytekit reads it. */
function pathOfFileUri(uri: string): string {
  const rest = uri.slice("file://".length);
  // `file:///x` has an empty host, `file://localhost/x` a named one: the path starts at the next slash.
  const slash = rest.indexOf("/");
  return decodeURIComponent(slash < 0 ? "/" : rest.slice(slash));
}

/** The URI a blob value is written as: where it came from when it was received, else its path. */
export function blobUriOf(value: FlyteFile | FlyteDirectory): string {
  return value.remoteSource ?? value.path;
}
