import { create } from "@bufbuild/protobuf";
import type { ExecutionPlan } from "../execution/execution-plan.js";
import { type Binding, KeyValuePairSchema } from "../gen/flyteidl/core/literals_pb.js";
import type { Container } from "../gen/flyteidl/core/tasks_pb.js";
import { outputNames, type ReturnDescriptor } from "../interface/signature.js";
import { bindingOf } from "../nodes/bindings.js";
import { type CompilationState, withCompilation } from "../nodes/compilation-state.js";
import type { NodeOutput } from "../nodes/node-output.js";
import { WorkflowCompilationError } from "../nodes/workflow-errors.js";
import type { WorkflowNode } from "../nodes/workflow-node.js";
import type { SerializationSettings } from "../settings/serialization-settings.js";
import { SETTINGS_VARIABLE, settingsToTransport } from "../settings/settings-transport.js";
import { FunctionTask, type FunctionTaskOptions, type TaskFunction } from "../tasks/function-task.js";
import type { CallableTask } from "../tasks/task-function.js";
import type { TaskMeta } from "../tasks/task-meta.js";
import { callableWrapper } from "../tracking/callable-wrapper.js";
import type { TypeDescriptor } from "../types/descriptor.js";
import { fromLiteralMap, toLiteralMap } from "../types/literal-map.js";
import { runInProcess, runWorkflow } from "./run-workflow.js";

/** The graph a dynamic task's body built: its nodes and output bindings. */
export interface DynamicGraph {
  readonly nodes: readonly WorkflowNode[];
  readonly outputBindings: readonly Binding[];
}

/**
 * A dynamic task (flytekit's `@dynamic`): its body runs when the task runs, with the inputs as
 * values, and builds a graph of task calls (nodes `dn0`, `dn1`, ...) that propeller then runs:
 * `tsflyte-execute` writes it as `futures.pb` (a `DynamicJobSpec`) instead of `outputs.pb`.
 * Locally the graph runs in this process.
 */
export class DynamicTask<F extends TaskFunction = TaskFunction, C = unknown> extends FunctionTask<F, C> {
  /** Runs the body on native inputs and returns the graph it built. */
  buildGraph(inputs: Readonly<Record<string, unknown>>): DynamicGraph {
    const { inputNames, outputs } = this.nativeInterface;
    const state: CompilationState = { workflow: this.name, nodes: [], nodeIdPrefix: "dn" };
    const result = withCompilation(state, () => this.taskFunction(...inputNames.map((name) => inputs[name])));
    if (result instanceof Promise) {
      result.catch(() => undefined);
      throw new WorkflowCompilationError(
        `dynamic task ${this.name}: its body returned a Promise; a dynamic body builds its graph synchronously (remove async/await)`,
      );
    }
    const returns: ReturnDescriptor = this.returns;
    const names = outputNames(returns);
    const values =
      returns.kind === "void"
        ? []
        : returns.kind === "single"
          ? [result]
          : returns.kind === "tuple"
            ? (result as unknown[])
            : names.map((name) => (result as Record<string, unknown>)[name]);
    const promises: NodeOutput[] = [];
    const outputBindings = names.map((name, i) =>
      bindingOf(
        name,
        outputs.get(name) as TypeDescriptor,
        values[i],
        `dynamic task ${this.name}: output ${name}`,
        promises,
      ),
    );
    return { nodes: [...state.nodes], outputBindings };
  }

  /** The container also carries the serialization settings the graph's tasks are serialized with at run time. */
  protected override buildContainer(settings: SerializationSettings): Container {
    const container = super.buildContainer(settings);
    container.env.push(
      create(KeyValuePairSchema, { key: SETTINGS_VARIABLE, value: settingsToTransport(settings) }),
    );
    return container;
  }

  /** Locally: builds the graph on the inputs and runs it in this process. */
  override executionPlan(): ExecutionPlan {
    const plan = super.executionPlan();
    const { outputs } = this.nativeInterface;
    return {
      ...plan,
      run: async (inputs) => {
        const graph = this.buildGraph(inputs);
        const literals = await runWorkflow(
          { name: this.name, compile: () => graph, nativeInterface: this.nativeInterface },
          toLiteralMap(new Map(), {}),
          runInProcess,
        );
        const values = await fromLiteralMap(outputs, literals, { task: this.name, side: "output" });
        const returns = this.returns;
        if (returns.kind === "void") return undefined;
        if (returns.kind === "single") return values.o0;
        if (returns.kind === "tuple") return outputNames(returns).map((name) => values[name]);
        return values;
      },
    };
  }
}

/** Is `value` a dynamic task (or a callable around one)? */
export function isDynamic(value: unknown): value is DynamicTask {
  return ((value as { self?: unknown } | null)?.self ?? value) instanceof DynamicTask;
}

/**
 * Declares a dynamic task (flytekit's `@dynamic`): `dynamic((n: Int): Int[] => ...)` whose body
 * calls tasks with its inputs as values; the calls become the graph that runs.
 */
export function dynamic<F extends TaskFunction, C = unknown>(
  fn: F,
  options: FunctionTaskOptions<C> = {},
  meta?: TaskMeta,
): CallableTask<F, C> {
  const inner = new DynamicTask(fn, options, meta);
  return callableWrapper(inner, (args) => inner.call(...args), "taskFunction") as never;
}
