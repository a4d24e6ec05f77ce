/**
 * @flytekit-ts/runtime: runs tasks. `tsflyte-execute` (the task container entrypoint), the
 * resolvers' load side, file access, and dispatch with flytekit's error documents.
 */

export { type EntrypointArgs, parseEntrypointArgs, UsageError } from "./entrypoint/args.js";
export { executeTask, exitCodeOf, type Outcome } from "./entrypoint/execute-task.js";
export { errorDocument } from "./errors/error-document.js";
export { ExecutionFailure, type FailureKind } from "./errors/execution-failure.js";
export { type ExecutionContext, type ExecutionIds, executionIdsFromEnv } from "./execution/context.js";
export { currentContext, localExecutionMode, withContext } from "./execution/current-context.js";
export { dispatchExecute, interfaceOf, type RunnableTask } from "./execution/dispatch.js";
export { type FileAccess, FileNotFoundError } from "./files/file-access.js";
export { fileAccessFor, registerFileAccess } from "./files/file-access-for.js";
export { LocalFileAccess } from "./files/local-file-access.js";
export { defaultTaskResolver, RuntimeDefaultTaskResolver } from "./resolvers/default-task-resolver.js";
export { importLocation } from "./resolvers/import-location.js";
export {
  defaultTaskTemplateResolver,
  RuntimeTaskTemplateResolver,
} from "./resolvers/task-template-resolver.js";
export { redactSecrets, rememberSecret } from "./secrets/redaction.js";
export { SecretsAccessor } from "./secrets/secrets-accessor.js";
