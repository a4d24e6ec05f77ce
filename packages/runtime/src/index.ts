/**
 * @flytekit-ts/runtime: runs tasks. `tsflyte-execute` (the task container entrypoint), the
 * resolvers' load side, file access, and dispatch with flytekit's error documents.
 */

export { defineConfig, type FlyteConfig } from "./config/flyte-config.js";
export { type LoadedConfig, loadConfig } from "./config/load-config.js";
export { type ContainerFailure, ContainerTaskError } from "./containers/container-task-error.js";
export { PlaceholderError, type PlaceholderValues, renderPlaceholders } from "./containers/placeholders.js";
export { type ContainerRunOptions, runContainerTask } from "./containers/run-container-task.js";
export {
  runTemplateInContainer,
  TaskErrorDocumentError,
  type TemplateRunOptions,
} from "./containers/run-in-container.js";
export { runTaskInContainer, type TaskContainerRunOptions } from "./containers/run-task-in-container.js";
export { DockerUnavailableError } from "./docker/docker-engine.js";
export { ImageNotFoundError } from "./docker/run-container.js";
export { type EntrypointArgs, parseEntrypointArgs, UsageError } from "./entrypoint/args.js";
export { executeTask, exitCodeOf, type Outcome } from "./entrypoint/execute-task.js";
export { errorDocument } from "./errors/error-document.js";
export { ExecutionFailure, type FailureKind } from "./errors/execution-failure.js";
export { type ExecutionContext, type ExecutionIds, executionIdsFromEnv } from "./execution/context.js";
export { currentContext, localExecutionMode, withContext } from "./execution/current-context.js";
export { dispatchExecute, interfaceOf, type RunnableTask } from "./execution/dispatch.js";
export {
  executeTaskLiterals,
  type LocalExecuteOptions,
  type LocalExecutionMode,
  type LocallyRunnable,
  localExecute,
  localNodeRunner,
  sandboxExecute,
} from "./execution/local-execute.js";
export { type FileAccess, FileNotFoundError } from "./files/file-access.js";
export { fileAccessFor, registerFileAccess } from "./files/file-access-for.js";
export { LocalFileAccess } from "./files/local-file-access.js";
export {
  type BuildImageOptions,
  type BuiltImage,
  buildImage,
  ImageBuildError,
} from "./images/build-image.js";
export { imageSpecDockerfile } from "./images/image-spec-dockerfile.js";
export {
  packageProject,
  type SerializedProject,
  type SerializeProjectOptions,
  serializeProject,
  serializeProjectTo,
} from "./packaging/serialize-project.js";
export { extractProjectManifest } from "./project/ensure-manifest.js";
export {
  loadProjectTasks,
  loadProjectWorkflows,
  type ProjectTask,
  type ProjectWorkflow,
} from "./project/load-project-tasks.js";
export { defaultTaskResolver, RuntimeDefaultTaskResolver } from "./resolvers/default-task-resolver.js";
export { importLocation } from "./resolvers/import-location.js";
export {
  defaultTaskTemplateResolver,
  RuntimeTaskTemplateResolver,
} from "./resolvers/task-template-resolver.js";
export { redactSecrets, rememberSecret } from "./secrets/redaction.js";
export { SecretsAccessor } from "./secrets/secrets-accessor.js";
