import { FlyteImageError } from "../errors/flyte-error.js";
import type { ImageConfig } from "./image-config.js";
import { ImageSpec } from "./image-spec.js";

/**
 * `{{.image.<name>}}`, `{{.image.<name>.fqn}}`, `{{.image.<name>.version}}` (also `.images.`),
 * case-insensitive, whitespace inside the braces allowed; names may contain `-` (flytekit >= 1.16.17).
 */
const IMAGE_PLACEHOLDER = /\{\{\s*\.images?\.([a-zA-Z0-9_-]+)(?:\.([a-zA-Z0-9_-]+))?\s*\}\}/gi;

/**
 * The image reference a task registers with, as flytekit's `get_registerable_container_image`:
 * - an {@link ImageSpec}: the image of that id in `config`, else the spec's own deterministic name
 *   (serialization never builds images; `tsflyte build` does);
 * - a string: every image placeholder resolved against `config`; a string without one is returned as is;
 * - nothing: the default image.
 *
 * `version` of an image without tag or digest falls back to the default image's version. When the
 * version is a digest, `fqn:{{.image.x.version}}` becomes `fqn@sha256:...` (flytekit 1.16.24).
 *
 * @throws FlyteImageError for an unknown image name, an attribute other than `fqn`/`version`, or
 *   no image at all.
 */
export function resolveImage(image: string | ImageSpec | undefined, config: ImageConfig): string {
  if (image instanceof ImageSpec) return config.findImage(image.id)?.full ?? image.imageName();
  if (image === undefined || image === "") {
    if (config.defaultImage === undefined) {
      throw new FlyteImageError("An image is required for AutoContainer tasks");
    }
    return config.defaultImage.full;
  }
  let resolved = image;
  for (const match of image.matchAll(IMAGE_PLACEHOLDER)) {
    const [placeholder, name = "", attribute = ""] = match;
    const named = config.findImage(name);
    if (named === undefined) {
      throw new FlyteImageError(`Image Config with name ${name} not found in the configuration`);
    }
    let value: string;
    if (attribute === "version") {
      const version = named.version ?? config.defaultImage?.version;
      if (version === undefined) {
        throw new FlyteImageError(
          `Image ${name} has no tag or digest and there is no default image version to fall back to: cannot resolve ${placeholder}`,
        );
      }
      // A digest is joined with `@`, not `:`.
      if (version.includes(":")) resolved = resolved.split(`:${placeholder}`).join(`@${version}`);
      value = version;
    } else if (attribute === "fqn") {
      value = named.fqn;
    } else if (attribute === "") {
      value = named.full;
    } else {
      throw new FlyteImageError(
        `Only fqn and version are supported replacements, ${attribute} is not supported`,
      );
    }
    resolved = resolved.split(placeholder).join(value);
  }
  return resolved;
}
