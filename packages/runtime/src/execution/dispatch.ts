import {
  ExecutableTemplateShimTask,
  FlyteDownloadError,
  FlyteTypeError,
  FunctionTask,
  fromLiteralMap,
  IgnoreOutputs,
  type LiteralMap,
  NativeTask,
  type Task,
  type TypeDescriptor,
  toLiteralMap,
} from "@flytekit-ts/core";
import type { VariableMap } from "@flytekit-ts/core/idl";
import {
  guessDescriptor,
  isNullable,
  outputsFromReturn,
  quote,
  type ReturnDescriptor,
  returnDescriptorOf,
} from "@flytekit-ts/core/internal";
import { ExecutionFailure, failingAs } from "../errors/execution-failure.js";
import { lazyBlobDownloads } from "../files/blob-transfer.js";
import type { ExecutionContext } from "./context.js";
import { withContext } from "./current-context.js";

/** A task the runtime can execute: a function task, an instance task, or a shim task from a template. */
export type RunnableTask = Task | ExecutableTemplateShimTask;

interface Plan {
  readonly name: string;
  readonly inputs: ReadonlyMap<string, TypeDescriptor>;
  /** Whether a missing input may be left to the task's own default. */
  hasDefault(name: string): boolean;
  readonly outputs: ReadonlyMap<string, TypeDescriptor>;
  readonly returns: ReturnDescriptor;
  run(inputs: Record<string, unknown>): unknown;
}

function variables(map: VariableMap | undefined) {
  return new Map(
    Object.entries(map?.variables ?? {}).map(([name, variable]) => {
      if (variable.type === undefined) throw new Error(`variable ${name} has no type`);
      return [name, guessDescriptor(variable.type, name)] as const;
    }),
  );
}

/** The typed inputs and outputs of a runnable task. */
export function interfaceOf(task: RunnableTask): {
  inputs: ReadonlyMap<string, TypeDescriptor>;
  outputs: ReadonlyMap<string, TypeDescriptor>;
} {
  // Any native task has a typed interface, also those that only run elsewhere (container tasks).
  if (task instanceof NativeTask) return task.nativeInterface;
  const { inputs, outputs } = planOf(task);
  return { inputs, outputs };
}

/** How to run `task`: its typed inputs and outputs and the call into user code. */
function planOf(task: RunnableTask): Plan {
  if (task instanceof ExecutableTemplateShimTask) {
    const outputs = variables(task.taskTemplate.interface?.outputs);
    return {
      name: task.name,
      inputs: variables(task.taskTemplate.interface?.inputs),
      outputs,
      hasDefault: () => false,
      returns: returnDescriptorOf(outputs),
      run: (inputs) => task.execute(inputs),
    };
  }
  if (task instanceof FunctionTask) {
    const { nativeInterface } = task;
    const names = nativeInterface.inputNames;
    return {
      name: task.name,
      inputs: nativeInterface.inputs,
      outputs: nativeInterface.outputs,
      hasDefault: (name) => nativeInterface.hasDefault(name),
      returns: task.returns,
      run: (inputs) => task.taskFunction(...names.map((name) => inputs[name])),
    };
  }
  const execute = (task as { execute?: unknown }).execute;
  if (task instanceof NativeTask && typeof execute === "function") {
    return {
      name: task.name,
      inputs: task.nativeInterface.inputs,
      outputs: task.nativeInterface.outputs,
      hasDefault: (name) => task.nativeInterface.hasDefault(name),
      returns: returnDescriptorOf(task.nativeInterface.outputs),
      run: (inputs) => execute.call(task, inputs),
    };
  }
  throw new ExecutionFailure(
    "user",
    new Error(`${task.constructor.name} ${task.name} cannot run in tsflyte-execute: it has no execute()`),
  );
}

/**
 * The inputs to convert, checked against the literals as pyflyte-execute checks them: a literal
 * the task does not declare is refused (flytekit: "Received more input values than allowed by the
 * input spec"), a conversion error; a missing input is left to the task's default, or, without
 * one, fails the call as the task's own error (flytekit's TypeError for a missing argument, USER).
 */
function inputsToConvert(plan: Plan, inputs: LiteralMap): ReadonlyMap<string, TypeDescriptor> {
  const extra = Object.keys(inputs.literals).filter((name) => !plan.inputs.has(name));
  if (extra.length > 0) {
    const known = [...plan.inputs.keys()].join(", ") || "none";
    throw new ExecutionFailure(
      "conversion",
      new FlyteTypeError(
        `Task ${plan.name}: received ${Object.keys(inputs.literals).length} input values, more than its ${plan.inputs.size} inputs allow: ${extra
          .slice(0, 5)
          .map((name) => quote(name))
          .join(", ")}${extra.length > 5 ? ", ..." : ""} (its inputs: ${known})`,
      ),
    );
  }
  const convert = new Map<string, TypeDescriptor>();
  for (const [name, descriptor] of plan.inputs) {
    if (Object.hasOwn(inputs.literals, name) || isNullable(descriptor)) convert.set(name, descriptor);
    else if (!plan.hasDefault(name)) {
      throw new ExecutionFailure(
        "user",
        new FlyteTypeError(`Task ${plan.name}: input ${quote(name)} is missing and has no default`),
      );
    }
  }
  return convert;
}

/**
 * Runs a task on a `LiteralMap` of inputs and returns its outputs as a `LiteralMap` (flytekit's
 * `dispatch_execute`). Failures are {@link ExecutionFailure}s saying where they happened; a task
 * that throws {@link IgnoreOutputs} makes this throw it unchanged.
 */
export async function dispatchExecute(
  task: RunnableTask,
  inputs: LiteralMap,
  executionContext?: ExecutionContext,
): Promise<LiteralMap> {
  const plan = await failingAs("user", () => planOf(task));
  const hooks = task instanceof NativeTask ? task : undefined;
  const context = { task: plan.name } as const;
  let result: unknown;
  try {
    const run = async () => {
      const prepared = hooks === undefined ? executionContext : await hooks.preExecute(executionContext);
      const blobs = executionContext && lazyBlobDownloads(executionContext.workingDirectory);
      const native = await failingAs("conversion", () =>
        fromLiteralMap(inputsToConvert(plan, inputs), inputs, { ...context, blobs }),
      );
      const value = await plan.run(native);
      return hooks === undefined ? value : hooks.postExecute(prepared, value);
    };
    result = executionContext === undefined ? await run() : await withContext(executionContext, run);
  } catch (error) {
    if (error instanceof IgnoreOutputs || error instanceof ExecutionFailure) throw error;
    // An input the task could not download failed the platform, not the task's code.
    if (error instanceof FlyteDownloadError) throw new ExecutionFailure("system", error);
    throw new ExecutionFailure("user", error);
  }
  const outputContext = { task: plan.name, side: "output" } as const;
  return failingAs("conversion", () =>
    toLiteralMap(plan.outputs, outputsFromReturn(plan.returns, result, plan.name), outputContext),
  );
}
