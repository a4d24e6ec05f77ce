/**
 * `@flytekit-ts/runtime/internal`: the runtime's plumbing that `@flytekit-ts/cli` builds on (file
 * checks, cleanup on signals, the manifest reader, dispatch). Not a public API: it changes with the
 * packages that use it, in lockstep versions.
 */

export { ExecutionFailure } from "@flytekit-ts/core";
export { failingAs } from "@flytekit-ts/core/internal";
export { type EntrypointArgs, parseEntrypointArgs } from "./entrypoint/args.js";
export { executeTask, exitCodeOf, type Outcome } from "./entrypoint/execute-task.js";
export { errorDocument } from "./errors/error-document.js";
export { UsageError } from "./errors/usage-error.js";
export { executionIdsFromEnv } from "./execution/context.js";
export { dispatchExecute, interfaceOf, type RunnableTask } from "./execution/dispatch.js";
export { hostFor, localRunHost } from "./execution/execution-hosts.js";
export { eachBlob, localPathOf } from "./files/blob-literals.js";
export {
  assertNoLinkOnTheWay,
  assertPlainTree,
  entryKind,
  readRegularFile,
  UnreadableFileError,
} from "./files/regular-files.js";
export { interruption, whileRunning } from "./process/cleanup.js";
export { createTemporaryFolder } from "./process/temporary-folder.js";
export { RuntimeDefaultTaskResolver } from "./resolvers/default-task-resolver.js";
export { importLocation } from "./resolvers/import-location.js";
export { adoptedMember, adoptProjectEntries, loadProjectExport } from "./resolvers/load-export.js";
export { loadModule } from "./resolvers/load-module.js";
export {
  compiledPath,
  forgetManifest,
  type ManifestEntry,
  nearest,
  readManifest,
} from "./resolvers/manifest.js";
export { RuntimeTaskTemplateResolver } from "./resolvers/task-template-resolver.js";
export { redactSecrets } from "./secrets/redaction.js";
export { SecretsAccessor } from "./secrets/secrets-accessor.js";
