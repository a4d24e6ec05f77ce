import type { ReturnDescriptor } from "../interface/signature.js";
import type { TypeDescriptor } from "../types/descriptor.js";

/** How to run a task on native values: its typed inputs and outputs and the call into its code. */
export interface ExecutionPlan {
  readonly name: string;
  readonly inputs: ReadonlyMap<string, TypeDescriptor>;
  /** Whether a missing input may be left to the task's own default. */
  hasDefault(name: string): boolean;
  readonly outputs: ReadonlyMap<string, TypeDescriptor>;
  /** How the native return value maps to the outputs. */
  readonly returns: ReturnDescriptor;
  /** Calls the task's code with its native inputs by name. */
  run(inputs: Record<string, unknown>): unknown;
}

/**
 * What can be executed on literals: every task that runs in a process (function tasks, instance
 * tasks, customized container tasks, shim tasks from templates). The hooks are a plugin's set-up
 * and clean-up around the call (flytekit's `pre_execute` / `post_execute`).
 */
export interface Executable {
  readonly name: string;
  /** @throws FlyteError when the task cannot run in a process (a raw container task). */
  executionPlan(): ExecutionPlan;
  preExecute?<Context>(context: Context): Context | Promise<Context>;
  postExecute?<Context>(context: Context, outputs: unknown): unknown;
}
