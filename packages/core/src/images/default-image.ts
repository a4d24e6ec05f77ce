import { readEnv } from "../env.js";
import { VERSION } from "../version.js";

/**
 * The image used when none is given: `FLYTE_INTERNAL_IMAGE` if set (propeller sets it inside task
 * pods), else flytekit-ts's conventional image for this version, named the way flytekit names its own
 * (`cr.flyte.org/flyteorg/flytekit:py3.11-1.16.24`). Build and push that image, or pass one with
 * `-i/--image`: it must contain Node.js and your compiled project (see the README's image contract).
 */
export function defaultImage(): string {
  return readEnv("FLYTE_INTERNAL_IMAGE") ?? `cr.flyte.org/flyteorg/flytekit-ts:node24-${VERSION}`;
}
