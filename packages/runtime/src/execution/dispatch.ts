import {
  type ExecutableTemplateShimTask,
  type LiteralMap,
  NativeTask,
  type Task,
  type TypeDescriptor,
} from "@flytekit-ts/core";
import { type ExecutionHost, executeLiterals, executionHost } from "@flytekit-ts/core/internal";

/** A task the runtime can execute: a function task, an instance task, or a shim task from a template. */
export type RunnableTask = Task | ExecutableTemplateShimTask;

/** The typed inputs and outputs of a runnable task. */
export function interfaceOf(task: RunnableTask): {
  inputs: ReadonlyMap<string, TypeDescriptor>;
  outputs: ReadonlyMap<string, TypeDescriptor>;
} {
  // Any native task has a typed interface, also those that only run elsewhere (container tasks).
  if (task instanceof NativeTask) return task.nativeInterface;
  const { inputs, outputs } = (task as ExecutableTemplateShimTask).executionPlan();
  return { inputs, outputs };
}

/**
 * Runs a task on a `LiteralMap` of inputs and returns its outputs as a `LiteralMap` (flytekit's
 * `dispatch_execute`): core's one execution path, with `host` (`tsflyte-execute` passes
 * `hostFor(its context)`, `localExecute` a local run's) or the runtime's local host. Failures are
 * `ExecutionFailure`s saying where they happened; a task that throws `IgnoreOutputs` makes this
 * throw it unchanged.
 */
export function dispatchExecute(
  task: RunnableTask,
  inputs: LiteralMap,
  host: ExecutionHost = executionHost(),
): Promise<LiteralMap> {
  return executeLiterals(task, inputs, host);
}
