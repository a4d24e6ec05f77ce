import { FlyteImageError, ImageConfig, isFlyteError } from "@flytekit-ts/core";

/**
 * The images `tsflyte` serializes and runs with, from `-i`/`flyte.images` values. No silent
 * default: flytekit-ts's conventional image cannot hold the project's code, so without a default
 * image there is none, unless FLYTE_INTERNAL_IMAGE names one (propeller sets it in task pods).
 */
export function projectImages(values: readonly string[]): ImageConfig {
  // -i flags are checked strictly where they are parsed (mergeImages); named images from the
  // configuration may omit their tag, as in flytekit's [images].
  return ImageConfig.validateImage(values, "--image", {
    fallback: process.env.FLYTE_INTERNAL_IMAGE !== undefined,
    namedWithoutTag: true,
  });
}

/** Runs `work`; a task that needs the default image when there is none fails with how to set one. */
export function withImageAdvice<T>(config: ImageConfig, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (
      config.defaultImage === undefined &&
      isFlyteError(error, "IMAGE") &&
      /image is required/.test(error.message)
    )
      throw new FlyteImageError(
        'no task image configured: set "flyte": { "images": { "default": "<registry>/<project>:<tag>" } } in package.json (tsflyte init writes one), or pass -i <image>',
        { cause: error },
      );
    throw error;
  }
}
