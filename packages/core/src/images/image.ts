import { FlyteImageError, FlyteValidationError } from "../errors/flyte-error.js";

/** The parts of an image reference: `fqn`, then a tag or a digest (never both). */
export interface ImageReference {
  fqn: string;
  tag?: string;
  digest?: string;
}

/**
 * Splits an image reference as flytekit does: a digest after the last `@`; otherwise a tag after the
 * last `:` unless that part contains a `/` (so `localhost:5000/img` has no tag);
 * `repo:tag@sha256:x` keeps `repo:tag` as the fqn.
 */
export function parseImageReference(reference: string): ImageReference {
  const at = reference.lastIndexOf("@");
  if (at >= 0) return { fqn: reference.slice(0, at), digest: reference.slice(at + 1) };
  const colon = reference.lastIndexOf(":");
  if (colon >= 0 && !reference.slice(colon + 1).includes("/")) {
    return { fqn: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  }
  return { fqn: reference };
}

/** A named container image, as used in {@link ImageConfig}. Immutable. */
export class Image {
  /** The name tasks refer to it by in `{{.image.<name>...}}` placeholders, e.g. `default`. */
  readonly name: string;
  /** The image without tag or digest, e.g. `ghcr.io/org/img`. */
  readonly fqn: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;

  constructor(init: { name: string; fqn: string; tag?: string | undefined; digest?: string | undefined }) {
    if (init.tag !== undefined && init.digest !== undefined) {
      throw new FlyteValidationError(
        `Cannot specify both tag and digest for image ${init.name}: got tag ${init.tag} and digest ${init.digest}`,
      );
    }
    this.name = init.name;
    this.fqn = init.fqn;
    this.tag = init.tag;
    this.digest = init.digest;
    Object.freeze(this);
  }

  /**
   * `fqn@digest`, `fqn:tag`, or just `fqn` when it has neither. (flytekit renders the last case as
   * `fqn:None`, which no registry accepts; we do not copy that.)
   */
  get full(): string {
    if (this.digest !== undefined) return `${this.fqn}@${this.digest}`;
    if (this.tag !== undefined) return `${this.fqn}:${this.tag}`;
    return this.fqn;
  }

  /** The digest, else the tag, else `undefined`. */
  get version(): string | undefined {
    return this.digest ?? this.tag;
  }

  /**
   * Builds an image from a reference, requiring a tag or a digest unless `allowNoTagOrDigest`.
   * @throws FlyteImageError `Incorrectly formatted image <ref>, missing tag or digest`
   */
  static lookUpImageInfo(name: string, reference: string, allowNoTagOrDigest = false): Image {
    const parsed = parseImageReference(reference);
    if (!allowNoTagOrDigest && parsed.tag === undefined && parsed.digest === undefined) {
      throw new FlyteImageError(`Incorrectly formatted image ${reference}, missing tag or digest`);
    }
    return new Image({ name, ...parsed });
  }
}
