import {
  type ExecutableTemplateShimTask,
  ExecutionFailure,
  type LiteralMap,
  NativeTask,
  type Task,
  type TypeDescriptor,
} from "@flytekit-ts/core";
import { type Executable, executeLiterals, executionHost } from "@flytekit-ts/core/internal";
import type { ExecutionContext } from "./context.js";
import { hostFor } from "./execution-hosts.js";

/** A task the runtime can execute: a function task, an instance task, or a shim task from a template. */
export type RunnableTask = Task | ExecutableTemplateShimTask;

/** The typed inputs and outputs of a runnable task. */
export function interfaceOf(task: RunnableTask): {
  inputs: ReadonlyMap<string, TypeDescriptor>;
  outputs: ReadonlyMap<string, TypeDescriptor>;
} {
  // Any native task has a typed interface, also those that only run elsewhere (container tasks).
  if (task instanceof NativeTask) return task.nativeInterface;
  const { inputs, outputs } = executableOf(task).executionPlan();
  return { inputs, outputs };
}

/** The task as core's execution path takes it. */
function executableOf(task: RunnableTask): Executable {
  if (typeof (task as Partial<Executable>).executionPlan === "function") return task as unknown as Executable;
  throw new ExecutionFailure(
    "user",
    new Error(`${task.constructor.name} ${task.name} cannot run in tsflyte-execute: it has no execute()`),
  );
}

/**
 * Runs a task on a `LiteralMap` of inputs and returns its outputs as a `LiteralMap` (flytekit's
 * `dispatch_execute`): core's one execution path, in `executionContext` when given (what
 * `tsflyte-execute` and `localExecute` pass), else with the runtime's local host. Failures are
 * `ExecutionFailure`s saying where they happened; a task that throws `IgnoreOutputs` makes this
 * throw it unchanged.
 */
export function dispatchExecute(
  task: RunnableTask,
  inputs: LiteralMap,
  executionContext?: ExecutionContext,
): Promise<LiteralMap> {
  const host = executionContext === undefined ? executionHost() : hostFor(executionContext);
  return (async () => executeLiterals(executableOf(task), inputs, host))();
}
