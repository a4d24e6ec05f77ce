/**
 * @flytekit-ts/cli: the developer's side of flytekit-ts. The `tsflyte` command (run, package,
 * serialize, extract, build, init) is its main face; this module is the same work from code:
 * local execution (container tasks in Docker), registration archives, ImageSpec images and the
 * project configuration. Task containers do not need it: they install `@flytekit-ts/runtime`.
 */

// What localExecute rejects with when a task fails, so tests import one package.
export { ExecutionFailure, type FailureKind } from "@flytekit-ts/runtime";
export { defineConfig, type FlyteConfig } from "./config/flyte-config.js";
export { type LoadedConfig, loadConfig } from "./config/load-config.js";
export { type ContainerFailure, ContainerTaskError } from "./containers/container-task-error.js";
export { PlaceholderError } from "./containers/placeholders.js";
export { TaskErrorDocumentError } from "./containers/run-in-container.js";
export { runTaskInContainer, type TaskContainerRunOptions } from "./containers/run-task-in-container.js";
export { DockerUnavailableError } from "./docker/docker-engine.js";
export { ImageNotFoundError } from "./docker/run-container.js";
export { LocalCache, localCacheFolder } from "./execution/local-cache.js";
export {
  type LocalExecuteOptions,
  type LocalExecutionMode,
  type LocallyRunnable,
  localExecute,
  sandboxExecute,
} from "./execution/local-execute.js";
export {
  type BuildImageOptions,
  type BuiltImage,
  buildImage,
  ImageBuildError,
} from "./images/build-image.js";
export {
  packageProject,
  type SerializedProject,
  type SerializeProjectOptions,
  serializeProject,
} from "./packaging/serialize-project.js";
