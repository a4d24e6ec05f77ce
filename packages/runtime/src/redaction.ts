/**
 * `@flytekit-ts/runtime/redaction`: the removal of secret values from text that leaves the
 * process, alone, for tools that print without loading the runtime (the CLI's logger). The
 * functions and the secrets they know are the main entry's own.
 */

export { redactSecrets, rememberSecret } from "./secrets/redaction.js";
