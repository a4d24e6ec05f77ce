import { FlyteNotFoundError, FlyteNotImplementedError, FlyteValidationError } from "../errors/flyte-error.js";
import type { ExecutionPlan } from "../execution/execution-plan.js";
import type { TypedInterface } from "../gen/flyteidl/core/interface_pb.js";
import { type InputsInit, Interface, type OutputsInit } from "../interface/interface.js";
import { type ReturnDescriptor, returnDescriptorOf } from "../interface/signature.js";
import { currentCompilation } from "../nodes/compilation-state.js";
import { compileCall } from "../nodes/compile-call.js";
import { WorkflowCompilationError } from "../nodes/workflow-errors.js";
import type { TypeDescriptor } from "../types/descriptor.js";
import { Task, type TaskOptions } from "./task.js";

/** Options of {@link NativeTask}. */
export interface NativeTaskOptions<C = unknown> extends Omit<TaskOptions, "interface"> {
  /** The native interface. Give this, or `inputs`/`outputs`. @default no inputs, no outputs */
  interface?: Interface;
  /** Inputs by name in declaration order, as a shorthand for `interface`. @default {} */
  inputs?: InputsInit;
  /** Outputs by name, as a shorthand for `interface`. @default {} */
  outputs?: OutputsInit;
  /** Plugin configuration, read by the task type's own serialization hooks. @default undefined */
  taskConfig?: C;
  /** Environment variables of the task's container. @default {} */
  environment?: Readonly<Record<string, string>>;
  /** Whether the task renders a Flyte Deck (sets `metadata.generates_deck`). @default false */
  enableDeck?: boolean;
}

/** Builds the native interface from `interface` or `inputs`/`outputs`, never both. */
export function toInterface(
  options: { interface?: Interface; inputs?: InputsInit; outputs?: OutputsInit },
  taskName: string,
): Interface {
  if (options.interface !== undefined) {
    if (options.inputs !== undefined || options.outputs !== undefined) {
      throw new FlyteValidationError(
        `Task ${taskName}: give either \`interface\` or \`inputs\`/\`outputs\`, not both`,
      );
    }
    return options.interface;
  }
  return new Interface({
    ...(options.inputs ? { inputs: options.inputs } : {}),
    ...(options.outputs ? { outputs: options.outputs } : {}),
  });
}

/**
 * A task with a native (TypeScript) interface: flytekit's `PythonTask`. Its Flyte interface is
 * derived from the native one.
 */
export class NativeTask<C = unknown> extends Task {
  readonly #nativeInterface: Interface;
  readonly taskConfig: C;
  readonly environment: Readonly<Record<string, string>>;
  readonly enableDeck: boolean;

  constructor(options: NativeTaskOptions<C>) {
    const { interface: _native, inputs: _inputs, outputs: _outputs, ...taskOptions } = options;
    super(taskOptions);
    this.#nativeInterface = toInterface(options, options.name ?? "<unnamed>");
    this.taskConfig = options.taskConfig as C;
    this.environment = { ...options.environment };
    this.enableDeck = options.enableDeck ?? false;
  }

  /** The native interface: typed inputs and outputs. */
  get nativeInterface(): Interface {
    return this.#nativeInterface;
  }

  override get interface(): TypedInterface {
    return this.nativeInterface.toModel();
  }

  /** How outputs map to a call's result: `o0` alone is one value, `o0..n` a tuple, other names an object. */
  get returns(): ReturnDescriptor {
    return returnDescriptorOf(this.nativeInterface.outputs);
  }

  /**
   * Inside a workflow body: adds a node running this task, its inputs bound to `inputs` (values,
   * or promises of other nodes and of the workflow's inputs), and returns promises for its outputs
   * (flytekit's `compile`, which `createNode` and task calls in a workflow go through).
   * @throws WorkflowCompilationError outside a workflow body, or for inputs that do not fit.
   */
  compile(inputs: Readonly<Record<string, unknown>>): unknown {
    const state = currentCompilation();
    if (state === undefined) {
      throw new WorkflowCompilationError(
        `Task ${this.name}: nodes can only be created inside a workflow body (workflow(...))`,
      );
    }
    return compileCall(state, this, this.returns, inputs);
  }

  /**
   * How this task runs in a process: its native interface and its `execute(inputs)` (instance and
   * plugin tasks define one; function tasks call their function).
   * @throws FlyteNotImplementedError for tasks without `execute` (raw container tasks run in a container).
   */
  executionPlan(): ExecutionPlan {
    const execute = (this as { execute?: unknown }).execute;
    if (typeof execute !== "function") {
      throw new FlyteNotImplementedError(
        `${this.constructor.name} ${this.name} cannot run in this process: it has no execute() (container tasks run in Docker: localExecute() from @flytekit-ts/cli, or tsflyte run)`,
      );
    }
    const { inputs, outputs } = this.nativeInterface;
    return {
      name: this.name,
      inputs,
      outputs,
      hasDefault: (name) => this.nativeInterface.hasDefault(name),
      returns: returnDescriptorOf(outputs),
      run: (values) => execute.call(this, values),
    };
  }

  /**
   * Runs before the inputs are converted, with the execution context (`tsflyte-execute` passes its
   * `ExecutionContext`); return it, or a replacement the task sees instead. Plugins set up clients here.
   */
  preExecute<Context>(context: Context): Context | Promise<Context> {
    return context;
  }

  /** Runs after the task with its native output(s); return them, or a replacement. Plugins clean up here. */
  postExecute<Context>(_context: Context, outputs: unknown): unknown {
    return outputs;
  }

  override getInputTypes(): ReadonlyMap<string, TypeDescriptor> {
    return this.nativeInterface.inputs;
  }

  /** @throws FlyteNotFoundError for an unknown input. */
  override getTypeForInputVar(name: string): TypeDescriptor {
    return this.#lookup("input", this.nativeInterface.inputs, name);
  }

  /** @throws FlyteNotFoundError for an unknown output. */
  override getTypeForOutputVar(name: string): TypeDescriptor {
    return this.#lookup("output", this.nativeInterface.outputs, name);
  }

  #lookup(side: string, variables: ReadonlyMap<string, TypeDescriptor>, name: string): TypeDescriptor {
    const found = variables.get(name);
    if (found === undefined) {
      const known = [...variables.keys()].join(", ") || "none";
      throw new FlyteNotFoundError(
        `Task ${this.explicitName ?? "<unnamed>"} has no ${side} named ${JSON.stringify(name)} (its ${side}s: ${known})`,
      );
    }
    return found;
  }
}
