import { FlyteError } from "@flytekit-ts/core";
import { redactSecrets } from "@flytekit-ts/runtime/internal";
import type { ContainerExit } from "../docker/run-container.js";

/**
 * Why a container task failed locally: `exit` (non-zero exit status, also when killed for memory),
 * `timeout` (the task's timeout passed), `output` (an output file is missing or unreadable),
 * `reported` (the container wrote `_ERROR`), `input` (an input could not be handed to the container),
 * `secret` (a requested secret is not available on this machine).
 */
export type ContainerFailure = "exit" | "timeout" | "output" | "reported" | "input" | "secret";

/** A container task failed while running locally. The message names the task and says why. */
export class ContainerTaskError extends FlyteError {
  constructor(
    readonly taskName: string,
    readonly reason: ContainerFailure,
    message: string,
    readonly details: { exitCode?: number; logTail?: readonly string[]; cause?: unknown } = {},
  ) {
    const tail = details.logTail?.length
      ? `\nlast lines of its output:\n${details.logTail.map((l) => `  ${l}`).join("\n")}`
      : "";
    super(
      "USER",
      // The container's own words (its log, its _ERROR file) may quote the secrets it was given.
      redactSecrets(`container task ${taskName}: ${message}${tail}`),
      "cause" in details ? { cause: details.cause } : {},
    );
  }

  /** The container's exit status, when it exited. */
  get exitCode(): number | undefined {
    return this.details.exitCode;
  }
}

/** Throws the ContainerTaskError of a container that timed out or exited non-zero; returns otherwise. */
export function failUnlessSucceeded(
  taskName: string,
  exit: ContainerExit,
  timeoutSeconds: number | bigint | undefined,
): void {
  if (exit.timedOut) {
    throw new ContainerTaskError(taskName, "timeout", `timed out after ${timeoutSeconds}s and was killed`, {
      logTail: exit.logTail,
    });
  }
  if (exit.exitCode !== 0) {
    const why = exit.oomKilled ? " (killed: out of memory)" : "";
    throw new ContainerTaskError(taskName, "exit", `the container exited with code ${exit.exitCode}${why}`, {
      exitCode: exit.exitCode,
      logTail: exit.logTail,
    });
  }
}
