/**
 * A file handed between tasks: a local path or a URI (`s3://`, `gs://`, `file://`). Flyte `blob`
 * of dimensionality SINGLE. The runtime downloads and uploads; core only carries the reference.
 */
export class FlyteFile<Format extends string = string> {
  /** The format as a type (`FlyteFile<"csv">`), for the transformer; never set at run time. */
  declare readonly formatType?: Format;
  /** A local path or a URI. */
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

/** A directory handed between tasks: Flyte `blob` of dimensionality MULTIPART. */
export class FlyteDirectory<Format extends string = string> {
  /** The format as a type (`FlyteDirectory<"zip">`), for the transformer; never set at run time. */
  declare readonly formatType?: Format;
  /** A local path or a URI. */
  readonly path: string;
  /** The declared format, or `""` for any. */
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
