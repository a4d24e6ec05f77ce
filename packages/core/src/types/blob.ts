import { FlyteDownloadError } from "../errors/flyte-error.js";

/**
 * Where a blob's data really lives when it came from an object store, and how to fetch it. Set by
 * the runtime when it reads a task's inputs; task code only sees its effect through `download()`.
 */
export interface BlobOrigin {
  /** The object-store URI the data comes from (flytekit's `remote_source`). */
  readonly remoteSource: string;
  /** Copies the data from `remoteSource` to the blob's local `path`. Called at most once at a time. */
  readonly fetch: () => Promise<void>;
}

/** True for an object-store URI (`s3://`, `gs://`, ...); false for local paths and `file://` URIs. */
export function isRemoteUri(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) && !uri.startsWith("file://");
}

/** A reference to data outside the literal: a local path or a URI, with a format. */
abstract class BlobReference<Format extends string> {
  /** The format as a type (`FlyteFile<"csv">`), for the transformer; never set at run time. */
  declare readonly formatType?: Format;
  /**
   * A local path or a URI (`s3://`, `gs://`, `file://`). For a task input from an object store this
   * is the local path the data is downloaded to by {@link download}; it holds nothing before that.
   */
  readonly path: string;
  /** The declared format (`"csv"`), or `""` for any. */
  readonly format: string;
  /** For a task input from an object store: its URI (flytekit's `remote_source`); else undefined. */
  readonly remoteSource: string | undefined;
  readonly #fetch: (() => Promise<void>) | undefined;
  #pending: Promise<string> | undefined;
  #downloaded: boolean;

  /**
   * @param path A local path or a URI.
   * @param format The format, `""` for any.
   * @param origin Where the data of a not-yet-downloaded input lives; set by the runtime.
   */
  constructor(path: string, format = "", origin?: BlobOrigin) {
    this.path = path;
    this.format = format;
    this.remoteSource = origin?.remoteSource;
    this.#fetch = origin?.fetch;
    this.#downloaded = origin === undefined && !isRemoteUri(path);
    Object.freeze(this);
  }

  /** True when the data is at the local {@link path}: false for an object-store input not yet downloaded. */
  get downloaded(): boolean {
    return this.#downloaded;
  }

  /**
   * Makes the data available at a local path and returns that path. An input from an object store
   * is downloaded on the first call (later and concurrent calls share it; a failed download is
   * tried again on the next call); a local blob returns its path at once, as flytekit's
   * `FlyteFile.download()` does.
   * @throws FlyteDownloadError when the object store cannot deliver the data, or when `path` is an
   * object-store URI this blob cannot fetch (a URI built in task code rather than received).
   */
  download(): Promise<string> {
    if (this.#downloaded) return Promise.resolve(this.path);
    const fetch = this.#fetch;
    if (fetch === undefined) {
      const why = `${this.path} cannot be downloaded here: only blobs received as task inputs are fetched from object stores`;
      return Promise.reject(new FlyteDownloadError(this.path, why));
    }
    this.#pending ??= fetch().then(
      () => {
        this.#downloaded = true;
        return this.path;
      },
      (error: unknown) => {
        this.#pending = undefined;
        throw error;
      },
    );
    return this.#pending;
  }

  toString(): string {
    return this.path;
  }
}

/**
 * A file handed between tasks: Flyte `blob` of dimensionality SINGLE. A file input from an object
 * store is fetched when the task calls `await file.download()`; returning it unchanged passes the
 * original URI on without downloading.
 */
export class FlyteFile<Format extends string = string> extends BlobReference<Format> {}

/** A directory handed between tasks: Flyte `blob` of dimensionality MULTIPART; downloaded whole. */
export class FlyteDirectory<Format extends string = string> extends BlobReference<Format> {}
