import { FlyteNotFoundError } from "@flytekit-ts/core";

/**
 * Reading and writing the files of a task execution: inputs, outputs, error documents, templates.
 * One interface for every store, so object stores (`s3://`, `gs://`) plug in beside local files.
 */
export interface FileAccess {
  /** Whether this store serves `uri`. */
  handles(uri: string): boolean;
  /** The bytes at `uri`. @throws FileNotFoundError when there is nothing there. */
  read(uri: string): Promise<Uint8Array>;
  /** Writes `bytes` at `uri` atomically: readers see the whole file or none. */
  write(uri: string, bytes: Uint8Array): Promise<void>;
  /** `uri` joined with `name` (a file under a prefix). */
  join(uri: string, name: string): string;
}

/** Nothing at the given location. */
export class FileNotFoundError extends FlyteNotFoundError {
  constructor(
    readonly uri: string,
    options?: { cause?: unknown },
  ) {
    super(`no file at ${uri}`, options);
  }
}
