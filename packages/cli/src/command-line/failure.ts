import { isFlyteError } from "@flytekit-ts/core/errors";
import type { CliLogger } from "./logger.js";

/**
 * Reports a failed command on one line (the cause chain and stacks with `--verbose`) and returns
 * the exit code: 2 for usage errors (as click), 1 for everything else.
 */
export function reportFailure(error: unknown, logger: CliLogger): number {
  const message = error instanceof Error ? error.message : String(error);
  const code = isFlyteError(error) ? ` [${error.code}]` : "";
  logger.console.error(`${message}${code}`);
  if (logger.verbose) {
    for (let cause: unknown = error; cause !== undefined; cause = (cause as { cause?: unknown }).cause) {
      if (cause instanceof Error && cause.stack !== undefined) logger.console.log(cause.stack);
      if (!(cause instanceof Error)) break;
    }
  } else if (!isFlyteError(error)) {
    logger.console.info("run with --verbose for the stack trace");
  }
  // An error that says how to exit does (the runtime's UsageError: 2, as click's).
  const exitCode = isFlyteError(error) ? (error as { exitCode?: unknown }).exitCode : undefined;
  return typeof exitCode === "number" ? exitCode : 1;
}
