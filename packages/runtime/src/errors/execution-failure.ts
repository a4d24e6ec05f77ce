/**
 * Where a task execution failed, which decides the error document (flytekit's classification):
 * - `user`: the task's own code (origin USER; recoverable only for FlyteRecoverableError);
 * - `conversion`: reading inputs or writing outputs as the declared types (SYSTEM, non-recoverable);
 * - `system`: anything else, e.g. reading `inputs.pb` (SYSTEM, recoverable: a retry may succeed).
 */
export type FailureKind = "user" | "conversion" | "system";

export class ExecutionFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "ExecutionFailure";
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
