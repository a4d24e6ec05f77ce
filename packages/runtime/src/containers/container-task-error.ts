import { FlyteError } from "@flytekit-ts/core";

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
      `container task ${taskName}: ${message}${tail}`,
      "cause" in details ? { cause: details.cause } : {},
    );
  }

  /** The container's exit status, when it exited. */
  get exitCode(): number | undefined {
    return this.details.exitCode;
  }
}
