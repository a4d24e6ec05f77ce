import { setImmediate as nextCheck, setTimeout as nextTimers } from "node:timers/promises";
import { FlyteError } from "@flytekit-ts/core";

/**
 * Errors that escape a task's await chain: a promise it left behind that rejects, a throw in one
 * of its timers or callbacks, or a promise of its that can never settle (the event loop ran dry).
 * Node's default for the first two is to kill the process, which would leave no error document;
 * the entrypoint installs this trap instead and turns them into a user error.
 */
export interface EscapedErrors {
  /** Settles (never resolves) with the first escaped error, or when the event loop runs dry. */
  readonly escaped: Promise<never>;
  /** The first escaped error, if one came. */
  readonly first: { error: unknown } | undefined;
  /** From now on escaped errors are only reported through `late` (the outcome is decided). */
  decide(): void;
  /** Removes the handlers. */
  dispose(): void;
}

/** Thrown through {@link EscapedErrors.escaped} when nothing is left to run but the task never finished. */
export class NeverSettledError extends FlyteError {
  constructor() {
    super(
      "USER",
      "the task's promise never settled: nothing was left to run (a promise that is never resolved or rejected)",
    );
  }
}

/**
 * Installs process-wide handlers for `unhandledRejection`, `uncaughtException` and `beforeExit`.
 * `late` receives errors that escape after {@link EscapedErrors.decide} (they no longer change the outcome).
 */
export function trapEscapedErrors(late: (error: unknown) => void): EscapedErrors {
  let decided = false;
  let first: { error: unknown } | undefined;
  let fail: (error: unknown) => void = () => undefined;
  const escaped = new Promise<never>((_, reject) => {
    fail = reject;
  });
  // Nobody may be awaiting `escaped` when it rejects: that must not count as one more escape.
  escaped.catch(() => undefined);
  const onError = (error: unknown) => {
    if (decided) return late(error);
    first ??= { error };
    fail(error);
  };
  const onDrained = () => {
    if (!decided) fail(new NeverSettledError());
  };
  process.on("unhandledRejection", onError);
  process.on("uncaughtException", onError);
  process.on("beforeExit", onDrained);
  return {
    escaped,
    get first() {
      return first;
    },
    decide() {
      decided = true;
    },
    dispose() {
      process.off("unhandledRejection", onError);
      process.off("uncaughtException", onError);
      process.off("beforeExit", onDrained);
    },
  };
}

/**
 * Lets what the task scheduled for "right after it returned" run: one turn of timers (a
 * `setTimeout(..., 0)`) and one of immediates, after which a floating rejection has been reported.
 */
export async function letStragglersRun(): Promise<void> {
  await nextTimers(0);
  await nextCheck();
}
