import { fromLiteralMap, toLiteralMap } from "@flytekit-ts/core";
import { createExecutionContext, disposeExecutionContext } from "./context.js";
import { dispatchExecute, interfaceOf, type RunnableTask } from "./dispatch.js";
import { SecretsAccessor } from "./secrets.js";

/** How a task is being run: on a cluster by `tsflyte-execute`, or locally. */
export type LocalExecutionMode = "local" | "sandbox";

/**
 * Runs a task locally on native inputs (by name) and returns its native outputs (by name), through
 * the same path as on a cluster: inputs become a `LiteralMap`, `dispatchExecute` runs the task with
 * an execution context (ids `local`), outputs come back from their literals. Errors are the
 * `ExecutionFailure`s the entrypoint turns into error documents.
 */
export async function localExecute(
  task: RunnableTask,
  inputs: Readonly<Record<string, unknown>>,
  options: { mode?: LocalExecutionMode; env?: NodeJS.ProcessEnv } = {},
): Promise<Record<string, unknown>> {
  const types = interfaceOf(task);
  const name = task.name;
  const context = await createExecutionContext({
    mode: options.mode ?? "local",
    ids: {
      project: "local",
      domain: "local",
      name: "local",
      workflow: "",
      launchPlan: "",
      taskProject: "local",
      taskDomain: "local",
      taskName: name,
      taskVersion: "local",
    },
    checkpointPath: undefined,
    previousCheckpoint: undefined,
    secrets: new SecretsAccessor(options.env ?? process.env),
  });
  try {
    const literals = await dispatchExecute(task, toLiteralMap(types.inputs, inputs, { task: name }), context);
    return fromLiteralMap(types.outputs, literals, { task: name, side: "output" });
  } finally {
    await disposeExecutionContext(context);
  }
}

/** {@link localExecute} in a sandbox working directory (flytekit's `sandbox_execute`). */
export function sandboxExecute(
  task: RunnableTask,
  inputs: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  return localExecute(task, inputs, { mode: "sandbox" });
}
