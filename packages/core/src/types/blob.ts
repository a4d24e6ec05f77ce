/** A reference to data outside the literal: a local path or a URI, with a format. */
abstract class BlobReference<Format extends string> {
  /** The format as a type (`FlyteFile<"csv">`), for the transformer; never set at run time. */
  declare readonly formatType?: Format;
  /** A local path or a URI (`s3://`, `gs://`, `file://`). */
  readonly path: string;
  /** The declared format (`"csv"`), or `""` for any. */
  readonly format: string;

  constructor(path: string, format = "") {
    this.path = path;
    this.format = format;
    Object.freeze(this);
  }

  toString(): string {
    return this.path;
  }
}

/**
 * A file handed between tasks: Flyte `blob` of dimensionality SINGLE. The runtime downloads and
 * uploads; core only carries the reference.
 */
export class FlyteFile<Format extends string = string> extends BlobReference<Format> {}

/** A directory handed between tasks: Flyte `blob` of dimensionality MULTIPART. */
export class FlyteDirectory<Format extends string = string> extends BlobReference<Format> {}
