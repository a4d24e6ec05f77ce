/**
 * `@flytekit-ts/core/errors`: flytekit-ts's error family alone, for tools that report errors
 * without loading the SDK (the main entry hydrates Flyte's protobuf descriptors when it loads).
 * The classes are the main entry's own: `instanceof` and `isFlyteError` agree across both.
 */

export {
  asFlyteError,
  FlyteDownloadError,
  FlyteError,
  type FlyteErrorCode,
  type FlyteErrorOptions,
  FlyteImageError,
  FlyteMissingBuildStepError,
  FlyteMissingDependencyError,
  FlyteNotFoundError,
  FlyteNotImplementedError,
  FlyteRecoverableError,
  FlyteTypeError,
  FlyteUnsupportedTypeError,
  FlyteValidationError,
  IgnoreOutputs,
  isFlyteError,
} from "./errors/flyte-error.js";
