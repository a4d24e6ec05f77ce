import { FlyteImageError, FlyteValidationError } from "../errors/flyte-error.js";
import { defaultImage } from "./default-image.js";
import { Image } from "./image.js";

/** The images available at serialization time: a default image and named others. */
export class ImageConfig {
  /** The image tasks without an explicit image run in, also named `default` in placeholders. */
  readonly defaultImage: Image | undefined;
  /** Named images, referred to by `{{.image.<name>.fqn}}` and friends. */
  readonly images: readonly Image[];

  constructor(init: { defaultImage?: Image | undefined; images?: readonly Image[] } = {}) {
    this.defaultImage = init.defaultImage;
    this.images = [...(init.images ?? [])];
    Object.freeze(this);
  }

  /** The default image, then the others, in that order of lookup. */
  static createFrom(defaultImage: Image | undefined, otherImages: readonly Image[] = []): ImageConfig {
    return new ImageConfig({
      defaultImage,
      images: defaultImage === undefined ? otherImages : [defaultImage, ...otherImages],
    });
  }

  /**
   * From a default image reference (tag or digest required) and named references (tag optional),
   * as flytekit's `ImageConfig.auto` does with a config file's `images` section.
   */
  static auto(
    init: { img?: string | undefined; images?: Readonly<Record<string, string>> } = {},
  ): ImageConfig {
    const defaultImage = init.img === undefined ? undefined : Image.lookUpImageInfo("default", init.img);
    const others = Object.entries(init.images ?? {}).map(([name, reference]) =>
      Image.lookUpImageInfo(name, reference, true),
    );
    return ImageConfig.createFrom(defaultImage, others);
  }

  /** Like {@link ImageConfig.auto} with an explicit default and map of named images. */
  static fromImages(defaultImage: string, images: Readonly<Record<string, string>> = {}): ImageConfig {
    return ImageConfig.auto({ img: defaultImage, images });
  }

  /**
   * Parses `-i/--image` values: `name=ref` or a bare `ref` (named `default`); tags or digests are
   * required; at most one default. With no default, {@link defaultImage} is used, as flytekit does,
   * unless `options.fallback` is false: then there is no default image, and a task without an image
   * of its own fails to serialize (what `tsflyte` wants: its conventional image cannot hold the
   * user's code).
   * @throws FlyteValidationError when two defaults are given.
   * @throws FlyteImageError when a reference has neither tag nor digest.
   */
  static validateImage(
    values: readonly string[],
    parameter = "--image",
    options: {
      /** Fall back to {@link defaultImage} when no default is given. @default true */
      fallback?: boolean;
      /**
       * Accept named images without a tag or digest, as flytekit's configuration file (`[images]`)
       * does: their `{{.image.<name>.version}}` falls back to the default image's. @default false
       */
      namedWithoutTag?: boolean;
    } = {},
  ): ImageConfig {
    let defaultImage: Image | undefined;
    const others: Image[] = [];
    for (const value of values) {
      const eq = value.indexOf("=");
      const name = eq >= 0 ? value.slice(0, eq) : "default";
      const reference = eq >= 0 ? value.slice(eq + 1) : value;
      const image = Image.lookUpImageInfo(
        name,
        reference,
        name !== "default" && options.namedWithoutTag === true,
      );
      if (name !== "default") {
        others.push(image);
      } else if (defaultImage !== undefined) {
        throw new FlyteValidationError(
          `Only one default image can be specified. Received multiple ${defaultImage.full} & ${image.full} for ${parameter}`,
        );
      } else {
        defaultImage = image;
      }
    }
    const fallback =
      options.fallback === false ? undefined : Image.lookUpImageInfo("default", defaultImage_());
    return ImageConfig.createFrom(defaultImage ?? fallback, others);
  }

  /** The first image named `name`, looking at the default image first. */
  findImage(name: string): Image | undefined {
    if (this.defaultImage?.name === name) return this.defaultImage;
    return this.images.find((image) => image.name === name);
  }

  /** The default image, or a clear error when there is none. */
  requireDefaultImage(forWhat: string): Image {
    if (this.defaultImage === undefined) {
      throw new FlyteImageError(`No default image is configured, but ${forWhat} needs it`);
    }
    return this.defaultImage;
  }
}

// A local alias: inside validateImage, `defaultImage` names the variable being built.
const defaultImage_ = defaultImage;
