import {
  ContainerTask,
  fromLiteralMap,
  isFlyteError,
  isLaunchPlan,
  isWorkflow,
  type LaunchPlan,
  type LiteralMap,
  type Task,
  toLiteralMap,
  type Workflow,
} from "@flytekit-ts/core";
import { executeWorkflow, type NodeRunner, runWorkflow } from "@flytekit-ts/core/internal";
import {
  dispatchExecute,
  ExecutionFailure,
  failingAs,
  interfaceOf,
  localRunHost,
  type RunnableTask,
} from "@flytekit-ts/runtime/internal";
import type { ContainerRunOptions } from "../containers/run-container-task.js";
import { LocalCache, localCacheEnabled, localCacheFolder } from "./local-cache.js";

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
  /**
   * The local cache for tasks with `cache: true` (flytekit's local cache); `false` runs every task.
   * @default a cache in `$XDG_CACHE_HOME/flytekit-ts/local-cache`, unless FLYTE_LOCAL_CACHE_ENABLED is false
   */
  cache?: LocalCache | false;
  /** Told of each task whose outputs came from the local cache. @default none */
  onCacheHit?: (taskName: string) => void;
  /** Told where the page of a task's decks was written (a task that made decks). @default none */
  onDeck?: (taskName: string, path: string) => void;
}

/** A `ContainerTask` runs in Docker; its module (and dockerode) is loaded only then. */
async function runContainerTaskLocally(
  task: ContainerTask,
  literals: LiteralMap,
  options: LocalExecuteOptions,
): Promise<LiteralMap> {
  const { runContainerTask } = await import("../containers/run-container-task.js");
  try {
    return await runContainerTask(task, literals, {
      ...(options.env === undefined ? {} : { env: options.env }),
      ...options.container,
    });
  } catch (error) {
    throw new ExecutionFailure(isFlyteError(error, "SYSTEM") ? "system" : "user", error);
  }
}

/**
 * Runs a task on input literals as `tsflyte-execute` would (container tasks in Docker), with an
 * execution context whose ids are `local`, and returns its output literals.
 */
export async function executeTaskLiterals(
  task: RunnableTask,
  literals: LiteralMap,
  options: LocalExecuteOptions = {},
): Promise<LiteralMap> {
  const cache =
    options.cache ?? (localCacheEnabled(options.env) ? new LocalCache(localCacheFolder(options.env)) : false);
  const lookup = cache === false ? undefined : await cache.lookup(task as Task, literals);
  if (lookup?.hit !== undefined) {
    options.onCacheHit?.(task.name);
    return lookup.hit;
  }
  const outputs =
    task instanceof ContainerTask
      ? await runContainerTaskLocally(task, literals, options)
      : await dispatchExecute(task, literals, localRunHost(options));
  await lookup?.store(outputs);
  return outputs;
}

/**
 * How workflow nodes run locally: tasks through {@link executeTaskLiterals} (container tasks in
 * Docker), sub-workflows and launch plans by running their own nodes.
 */
export function localNodeRunner(options: LocalExecuteOptions = {}): NodeRunner {
  const runner: NodeRunner = async (entity, inputs) => {
    if (isWorkflow(entity)) return runWorkflow(entity, inputs, runner);
    if (isLaunchPlan(entity)) {
      const literals = { ...inputs.literals, ...entity.fixedLiterals().literals };
      return runWorkflow(entity.workflow, { ...inputs, literals }, runner);
    }
    return executeTaskLiterals(entity as RunnableTask, inputs, options);
  };
  return runner;
}

/** What `localExecute` runs: a task, a workflow, or a launch plan. */
export type LocallyRunnable = RunnableTask | Workflow | LaunchPlan;

/**
 * Runs a task, workflow or launch plan locally on native inputs (by name) and returns its native
 * outputs (by name), through the same path as on a cluster: inputs become a `LiteralMap`, each
 * task runs through `dispatchExecute` with an execution context (ids `local`) or, for container
 * tasks, in Docker; outputs come back from their literals. A task rejects with an `ExecutionFailure`
 * (`kind` user, conversion (its inputs or outputs do not convert) or system; `cause` the original),
 * what the entrypoint turns into an error document; a workflow rejects with a `WorkflowNodeError`
 * naming the node (an `ExecutionFailure` too), its cause the task's `ExecutionFailure`.
 */
export async function localExecute(
  entity: LocallyRunnable,
  inputs: Readonly<Record<string, unknown>>,
  options: LocalExecuteOptions = {},
): Promise<Record<string, unknown>> {
  if (isWorkflow(entity)) return executeWorkflow(entity, inputs, localNodeRunner(options));
  if (isLaunchPlan(entity)) {
    return executeWorkflow(
      entity.workflow,
      { ...entity.defaultInputs, ...inputs, ...entity.fixedInputs },
      localNodeRunner(options),
    );
  }
  const types = interfaceOf(entity);
  const name = entity.name;
  // Inputs that do not convert fail like the task would on a cluster: an ExecutionFailure.
  const literals = await executeTaskLiterals(
    entity,
    await failingAs("conversion", () => toLiteralMap(types.inputs, inputs, { task: name })),
    options,
  );
  return failingAs("conversion", () =>
    fromLiteralMap(types.outputs, literals, { task: name, side: "output" }),
  );
}

/** {@link localExecute} in a sandbox working directory (flytekit's `sandbox_execute`). */
export function sandboxExecute(
  task: RunnableTask,
  inputs: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  return localExecute(task, inputs, { mode: "sandbox" });
}
