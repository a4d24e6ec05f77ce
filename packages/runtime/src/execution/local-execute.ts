import { ContainerTask, fromLiteralMap, isFlyteError, toLiteralMap } from "@flytekit-ts/core";
import type { ContainerRunOptions } from "../containers/run-container-task.js";
import { ExecutionFailure } from "../errors/execution-failure.js";
import { createExecutionContext, disposeExecutionContext } from "./context.js";
import { dispatchExecute, interfaceOf, type RunnableTask } from "./dispatch.js";
import { SecretsAccessor } from "./secrets.js";

/** How a task is being run: on a cluster by `tsflyte-execute`, or locally. */
export type LocalExecutionMode = "local" | "sandbox";

/** Options of {@link localExecute}. */
export interface LocalExecuteOptions {
  /** @default "local" */
  mode?: LocalExecutionMode;
  /** Where secrets are read from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** How container tasks run in the local Docker engine. @default {} */
  container?: ContainerRunOptions;
}

/** A `ContainerTask` runs in Docker; its module (and dockerode) is loaded only then. */
async function runContainerTaskLocally(
  task: ContainerTask,
  inputs: Readonly<Record<string, unknown>>,
  options: LocalExecuteOptions,
): Promise<Record<string, unknown>> {
  const { runContainerTask } = await import("../containers/run-container-task.js");
  const name = task.name;
  const types = task.nativeInterface;
  const literals = toLiteralMap(types.inputs, inputs, { task: name });
  let outputs: Awaited<ReturnType<typeof runContainerTask>>;
  try {
    outputs = await runContainerTask(task, literals, {
      ...(options.env === undefined ? {} : { env: options.env }),
      ...options.container,
    });
  } catch (error) {
    throw new ExecutionFailure(isFlyteError(error, "SYSTEM") ? "system" : "user", error);
  }
  return fromLiteralMap(types.outputs, outputs, { task: name, side: "output" });
}

/**
 * Runs a task locally on native inputs (by name) and returns its native outputs (by name), through
 * the same path as on a cluster: inputs become a `LiteralMap`, `dispatchExecute` runs the task with
 * an execution context (ids `local`), outputs come back from their literals. Errors are the
 * `ExecutionFailure`s the entrypoint turns into error documents.
 */
export async function localExecute(
  task: RunnableTask,
  inputs: Readonly<Record<string, unknown>>,
  options: LocalExecuteOptions = {},
): Promise<Record<string, unknown>> {
  if (task instanceof ContainerTask) return runContainerTaskLocally(task, inputs, options);
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
