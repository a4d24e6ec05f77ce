import { FlyteValidationError } from "../errors/flyte-error.js";
import type { NamedOutputs } from "../interface/signature.js";
import { returnFromOutputs } from "../interface/signature.js";
import type { CallArguments, CallResult } from "../nodes/call-result.js";
import { currentCompilation } from "../nodes/compilation-state.js";
import { settleArguments } from "../tasks/function-task.js";
import type { TaskMeta } from "../tasks/task-meta.js";
import { callableWrapper } from "../tracking/callable-wrapper.js";
import { fromLiteralMap, toLiteralMap } from "../types/literal-map.js";
import { type NodeRunner, runInProcess, runWorkflow } from "./run-workflow.js";
import { Workflow, type WorkflowFunction, type WorkflowOptions } from "./workflow.js";

/** A workflow function's outputs as values: promises (and tuples or named objects of them) unwrapped. */
export type WorkflowOutput<R> =
  R extends PromiseLike<infer V>
    ? V
    : R extends readonly unknown[]
      ? { -readonly [K in keyof R]: Awaited<R[K]> }
      : R extends NamedOutputs<infer O>
        ? NamedOutputs<{ [K in keyof O]: Awaited<O[K]> }>
        : R;

/**
 * A {@link Workflow} you can also call: `await wf(1, 2)` runs it locally (function tasks in this
 * process; use the runtime's `localExecute` for container tasks); inside another workflow the call
 * adds a sub-workflow node.
 */
export type CallableWorkflow<F extends WorkflowFunction> = Workflow<F> &
  ((...args: CallArguments<Parameters<F>>) => CallResult<WorkflowOutput<ReturnType<F>>>);

/** Inputs by name from positional arguments, defaults filled in. */
function namedInputs(workflow: Workflow, args: readonly unknown[]): Record<string, unknown> {
  const names = workflow.nativeInterface.inputNames;
  if (args.length > names.length) {
    throw new FlyteValidationError(
      `Workflow ${workflow.name} takes ${names.length} arguments, got ${args.length}`,
    );
  }
  const inputs: Record<string, unknown> = {};
  args.forEach((arg, i) => {
    if (arg !== undefined) inputs[names[i] as string] = arg;
  });
  return inputs;
}

/**
 * Runs a workflow locally on native inputs (by name; defaults fill the rest) with `runner` for its
 * nodes, and returns its native outputs by name.
 */
export async function executeWorkflow(
  workflow: Workflow,
  inputs: Readonly<Record<string, unknown>>,
  runner: NodeRunner = runInProcess,
): Promise<Record<string, unknown>> {
  const native = workflow.nativeInterface;
  const context = { task: workflow.name } as const;
  const literals = toLiteralMap(native.inputs, { ...native.defaultInputs, ...inputs }, context);
  const outputs = await runWorkflow(workflow, literals, runner);
  return fromLiteralMap(native.outputs, outputs, { ...context, side: "output" });
}

function callable<F extends WorkflowFunction>(inner: Workflow<F>): CallableWorkflow<F> {
  const call = (args: unknown[]) => {
    if (currentCompilation() !== undefined) return inner.createNode(namedInputs(inner, args));
    const run = (async () => {
      const settled = await settleArguments(args);
      const outputs = await executeWorkflow(inner, namedInputs(inner, settled));
      return returnFromOutputs(inner.returns, outputs);
    })();
    Object.defineProperty(run, "withOverrides", { value: () => run });
    Object.defineProperty(run, "runsBefore", { value: () => undefined });
    return run;
  };
  return callableWrapper(inner, call, "workflowFunction");
}

/**
 * Declares a workflow: `export const wf = workflow((a: Int, b: Int) => add(add(a, b), b))`.
 *
 * The function's body describes a graph: it runs once, when the workflow is first used (called,
 * serialized or packaged), with promises standing for its inputs; each task (or workflow, or
 * launch plan) it calls becomes a node, and passing one call's result to another makes a
 * dependency. The body must be synchronous and cannot look at values (`if (x > 3)` on a promise is
 * a compile error): put logic in tasks. The compiler transformer adds a third argument with the
 * module, key and signature.
 */
export function workflow<F extends WorkflowFunction>(
  fn: F,
  options: WorkflowOptions = {},
  meta?: TaskMeta,
): CallableWorkflow<F> {
  if (typeof fn !== "function") {
    throw new FlyteValidationError(`workflow() takes a function, got ${fn === null ? "null" : typeof fn}`);
  }
  return callable(new Workflow(fn, options, meta));
}
