import {
  FlyteDownloadError,
  FlyteNotImplementedError,
  FlyteTypeError,
  IgnoreOutputs,
} from "../errors/flyte-error.js";
import type { LiteralMap } from "../gen/flyteidl/core/literals_pb.js";
import { outputsFromReturn } from "../interface/signature.js";
import type { TypeDescriptor } from "../types/descriptor.js";
import { isNullable } from "../types/json-schema.js";
import { fromLiteralMap, toLiteralMap } from "../types/literal-map.js";
import { quote } from "../types/values.js";
import { ExecutionFailure, failingAs } from "./execution-failure.js";
import { type ExecutionHost, executionHost } from "./execution-host.js";
import type { Executable, ExecutionPlan } from "./execution-plan.js";

/**
 * The inputs to convert, checked against the literals as pyflyte-execute checks them: a literal
 * the task does not declare is refused (flytekit: "Received more input values than allowed by the
 * input spec"), a conversion error; a missing input is left to the task's default, or, without
 * one, fails the call as the task's own error (flytekit's TypeError for a missing argument, USER).
 */
function inputsToConvert(plan: ExecutionPlan, inputs: LiteralMap): ReadonlyMap<string, TypeDescriptor> {
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

/** Anything given to run: a task with an execution plan, or one without (a clear failure). */
export type Runnable = Partial<Executable> & { readonly name: string };

/** The task's plan. @throws FlyteNotImplementedError when it has none (it cannot run in a process). */
function planOf(task: Runnable): ExecutionPlan {
  if (typeof task.executionPlan !== "function") {
    throw new FlyteNotImplementedError(
      `${task.constructor.name} ${task.name} cannot run in this process: run it with localExecute() from @flytekit-ts/cli or \`tsflyte run\``,
    );
  }
  return task.executionPlan();
}

/**
 * Runs a task on a `LiteralMap` of inputs and returns its outputs as a `LiteralMap` (flytekit's
 * `dispatch_execute`): the one way every task runs, whether called directly, as a workflow node,
 * by `localExecute` or by `tsflyte-execute`. Inside the host's scope: the task's `preExecute` with
 * the execution context, the inputs converted, its code called, `postExecute` with the outputs; the
 * outputs converted. Failures are {@link ExecutionFailure}s saying where they happened (a task that
 * throws {@link IgnoreOutputs} makes this throw it unchanged).
 */
export async function executeLiterals(
  task: Runnable,
  inputs: LiteralMap,
  host: ExecutionHost = executionHost(),
): Promise<LiteralMap> {
  const plan = await failingAs("user", () => planOf(task));
  const context = { task: plan.name } as const;
  const outputContext = { task: plan.name, side: "output" } as const;
  return host(plan.name, async (scope) => {
    let result: unknown;
    try {
      const prepared = task.preExecute === undefined ? scope.context : await task.preExecute(scope.context);
      const blobs = scope.blobs;
      const native = await failingAs("conversion", () =>
        fromLiteralMap(
          inputsToConvert(plan, inputs),
          inputs,
          blobs === undefined ? context : { ...context, blobs },
        ),
      );
      const value = await plan.run(native);
      result = task.postExecute === undefined ? value : await task.postExecute(prepared, value);
    } catch (error) {
      if (error instanceof IgnoreOutputs || error instanceof ExecutionFailure) throw error;
      // An input the task could not download failed the platform, not the task's code.
      if (error instanceof FlyteDownloadError) throw new ExecutionFailure("system", error);
      throw new ExecutionFailure("user", error);
    }
    // Inside the scope: files the task returned from its scratch folder still exist.
    const outputs = await failingAs("conversion", () =>
      toLiteralMap(plan.outputs, outputsFromReturn(plan.returns, result, plan.name), outputContext),
    );
    const keep = scope.keepOutputs;
    if (keep !== undefined) await failingAs("system", () => keep(outputs));
    return outputs;
  });
}
