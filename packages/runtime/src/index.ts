/**
 * @flytekit-ts/runtime: what runs a task. `tsflyte-execute` (the task container's entrypoint) is
 * its command; this module is what task code and custom stores use: the execution context, file
 * access, secrets, and the built-in resolvers `tsflyte-execute` loads tasks with.
 */

// Installs the runtime's execution host: direct calls of tasks then run with an execution context.
import "./execution/execution-hosts.js";

export { ExecutionFailure, type FailureKind } from "@flytekit-ts/core";
export { Deck, Decks } from "./decks/deck.js";
export { escapeHtml, markdown, table } from "./decks/renderers.js";
export { Checkpoint } from "./execution/checkpoint.js";
export type { ExecutionContext, ExecutionIds } from "./execution/context.js";
export { currentContext, localExecutionMode, withContext } from "./execution/current-context.js";
export { type FileAccess, FileNotFoundError } from "./files/file-access.js";
export { fileAccessFor, registerFileAccess } from "./files/file-access-for.js";
export { LocalFileAccess } from "./files/local-file-access.js";
export { defaultTaskResolver } from "./resolvers/default-task-resolver.js";
export { defaultTaskTemplateResolver } from "./resolvers/task-template-resolver.js";
export { redactSecrets, rememberSecret } from "./secrets/redaction.js";
export { SecretsAccessor } from "./secrets/secrets-accessor.js";
