import { FlyteError } from "../errors/flyte-error.js";

/**
 * Where a task execution failed, which decides the error document (flytekit's classification):
 * - `user`: the task's own code (origin USER; recoverable only for FlyteRecoverableError);
 * - `conversion`: reading inputs or writing outputs as the declared types (SYSTEM, non-recoverable);
 * - `system`: anything else, e.g. reading `inputs.pb` (SYSTEM, recoverable: a retry may succeed).
 */
export type FailureKind = "user" | "conversion" | "system";

/**
 * A task execution failed (what `localExecute` rejects with, and what the entrypoint turns into an
 * error document): `kind` says where, `cause` is the original error. Its code is `USER` for the
 * task's own failures, `SYSTEM` for conversions and the platform.
 */
export class ExecutionFailure extends FlyteError {
  constructor(
    readonly kind: FailureKind,
    override readonly cause: unknown,
    /** @default the cause's message */
    message: string = cause instanceof Error ? cause.message : String(cause),
  ) {
    super(kind === "user" ? "USER" : "SYSTEM", message, { cause });
  }
}

/** Runs `step`; anything it throws becomes an {@link ExecutionFailure} of `kind` (once). */
export async function failingAs<T>(kind: FailureKind, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw error instanceof ExecutionFailure ? error : new ExecutionFailure(kind, error);
  }
}
