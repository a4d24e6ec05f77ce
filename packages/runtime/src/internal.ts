/**
 * `@flytekit-ts/runtime/internal`: the runtime's plumbing that `@flytekit-ts/cli` builds on (file
 * checks, cleanup on signals, the manifest reader, dispatch). Not a public API: it changes with the
 * packages that use it, in lockstep versions.
 */

export { type EntrypointArgs, parseEntrypointArgs, UsageError } from "./entrypoint/args.js";
export { ExecutionFailure, failingAs } from "./errors/execution-failure.js";
export { createExecutionContext, disposeExecutionContext } from "./execution/context.js";
export { dispatchExecute, interfaceOf, type RunnableTask } from "./execution/dispatch.js";
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
export { adoptedMember, adoptProjectEntries, loadProjectExport } from "./resolvers/load-export.js";
export { loadModule } from "./resolvers/load-module.js";
export {
  compiledPath,
  forgetManifest,
  type ManifestEntry,
  nearest,
  readManifest,
} from "./resolvers/manifest.js";
export { redactSecrets } from "./secrets/redaction.js";
export { SecretsAccessor } from "./secrets/secrets-accessor.js";
