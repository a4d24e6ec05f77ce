import { FlyteTypeError } from "../errors/flyte-error.js";
import { executeLiterals } from "../execution/execute-literals.js";
import { ExecutionFailure } from "../execution/execution-failure.js";
import type { ExecutionPlan } from "../execution/execution-plan.js";
import type { TypedInterface } from "../gen/flyteidl/core/interface_pb.js";
import type { LiteralMap } from "../gen/flyteidl/core/literals_pb.js";
import { type Described, describeFunction } from "../interface/described.js";
import type { InputsInit, Interface, OutputsInit } from "../interface/interface.js";
import { type ReturnDescriptor, returnFromOutputs } from "../interface/signature.js";
import { DescriptionFormat, Documentation } from "../metadata/documentation.js";
import type { TaskMetadataOptions } from "../metadata/task-metadata.js";
import { currentCompilation } from "../nodes/compilation-state.js";
import { fromLiteralMap, toLiteralMap } from "../types/literal-map.js";
import { AutoContainerTask, type AutoContainerTaskOptions } from "./auto-container-task.js";
import { toTaskMetadata } from "./task.js";
import { identityOf, type TaskMeta } from "./task-meta.js";

/** The metadata options `task()` takes at the top level, as flytekit's `@task(retries=..., cache=...)`. */
type MetadataShorthands = Omit<TaskMetadataOptions, "labels" | "annotations" | "podTemplateName">;

const METADATA_KEYS = [
  "cache",
  "cacheSerialize",
  "cacheVersion",
  "cacheIgnoreInputVars",
  "interruptible",
  "deprecated",
  "retries",
  "timeout",
  "generatesDeck",
  "isEager",
] as const satisfies readonly (keyof MetadataShorthands)[];

/**
 * Options of `task(fn, options)`: every auto-container task option, plus the metadata options
 * (`retries`, `timeout`, `cache`, `cacheVersion`, `interruptible`, `deprecated`, ...) at the top level.
 */
export interface FunctionTaskOptions<C = unknown>
  extends Omit<AutoContainerTaskOptions<C>, "interface" | "tracking">,
    MetadataShorthands {
  /** Inputs in parameter order, when no transformer describes the function. Give with `outputs` and `name`. */
  inputs?: InputsInit;
  /** Outputs (`o0` for one value, `o0, o1, ...` for a tuple, or names), when no transformer describes the function. */
  outputs?: OutputsInit;
}

/** A function that runs as a task. */
// biome-ignore lint/suspicious/noExplicitAny: any function is accepted; its types are captured at build time.
export type TaskFunction = (...args: any[]) => unknown;

/**
 * A task that runs a TypeScript function (flytekit's `PythonFunctionTask`), made by `task()`. Its
 * interface and identity come from the compiler transformer, or from explicit `name`, `inputs` and
 * `outputs`. Without either it fails when serialized or called (never at import), naming the build
 * step to add.
 */
export class FunctionTask<F extends TaskFunction = TaskFunction, C = unknown> extends AutoContainerTask<C> {
  /** The user's function. */
  readonly taskFunction: F;
  #meta: TaskMeta | undefined;
  readonly #inputs: InputsInit | undefined;
  readonly #outputs: OutputsInit | undefined;
  #described: Described | undefined;

  constructor(taskFunction: F, options: FunctionTaskOptions<C> = {}, meta?: TaskMeta) {
    const { inputs, outputs, ...rest } = options;
    const shorthands: Record<string, unknown> = {};
    for (const key of METADATA_KEYS) {
      if (key in rest) {
        shorthands[key] = rest[key];
        delete rest[key];
      }
    }
    const metadata =
      Object.keys(shorthands).length === 0
        ? rest.metadata
        : toTaskMetadata(rest.metadata).with(shorthands as TaskMetadataOptions);
    super({
      ...rest,
      ...(metadata === undefined ? {} : { metadata }),
      ...(meta === undefined ? {} : { tracking: identityOf(meta) }),
    });
    this.taskFunction = taskFunction;
    this.#meta = meta;
    this.#inputs = inputs;
    this.#outputs = outputs;
  }

  /** What the transformer recorded (or the manifest supplied, see {@link adoptMeta}), if anything. */
  get meta(): TaskMeta | undefined {
    return this.#meta;
  }

  /**
   * Takes the build data the transformer would have attached, from the project's manifest, for a
   * task compiled without the transformer (plain tsc, esbuild, swc). Ignored when the task has its
   * own already.
   */
  adoptMeta(meta: TaskMeta): void {
    if (this.#meta !== undefined) return;
    this.#meta = meta;
    if (this.tracking === undefined) this.track(identityOf(meta));
    this.#described = undefined;
  }

  /**
   * Gives a task made by a factory function the identity of the exported binding its result is
   * assigned to (what the transformer emits there), and the interface of its function.
   */
  bindTo(meta: TaskMeta): void {
    this.#meta = meta;
    this.track(identityOf(meta));
    this.#described = undefined;
  }

  #describe(): Described {
    this.#described ??= describeFunction(
      { inputs: this.#inputs, outputs: this.#outputs },
      () => this.meta?.signature,
      () => this.name,
      `Task ${this.explicitName ?? (this.taskFunction.name || "<anonymous function>")}`,
      "task()",
    );
    return this.#described;
  }

  override get nativeInterface(): Interface {
    return this.#describe().nativeInterface;
  }

  override get interface(): TypedInterface {
    return this.nativeInterface.toModel();
  }

  /**
   * Its docs: the `docs` option, else its JSDoc as flytekit reads a docstring: the first line as the
   * short description, the rest as the long one, in reStructuredText (flytekit writes this for every
   * function task, an empty long description when there is no docstring).
   */
  override documentation(): Documentation {
    if (this.docs !== undefined) return this.docs;
    const signature = this.meta?.signature;
    const long = signature?.longDescription;
    return new Documentation({
      ...(signature?.shortDescription === undefined ? {} : { shortDescription: signature.shortDescription }),
      longDescription: { ...(long === undefined ? {} : { value: long }), format: DescriptionFormat.RST },
    });
  }

  /** How the function's return value maps to outputs. */
  override get returns(): ReturnDescriptor {
    return this.#describe().returns;
  }

  /**
   * Calls the task on positional arguments (in parameter order).
   *
   * - Outside a workflow: runs it locally through the same literal round trip as on a cluster
   *   (inputs and outputs become Flyte literals and back, so type errors show here as they would
   *   there) and returns a promise of the native output(s). Arguments may be promises.
   * - Inside a workflow body: adds a node (see {@link NativeTask.compile}) and returns promises
   *   for its outputs, synchronously.
   */
  call(...args: unknown[]): unknown {
    if (currentCompilation() !== undefined) {
      const names = this.#describe().nativeInterface.inputNames;
      if (args.length > names.length) {
        throw new FlyteTypeError(`Task ${this.name} takes ${names.length} arguments, got ${args.length}`);
      }
      const inputs: Record<string, unknown> = {};
      args.forEach((arg, i) => {
        if (arg !== undefined) inputs[names[i] as string] = arg;
      });
      return this.compile(inputs);
    }
    return withNodeHandle(this.#run(args));
  }

  /** How it runs: its native interface, and its function called with the inputs in parameter order. */
  override executionPlan(): ExecutionPlan {
    const { nativeInterface, returns } = this.#describe();
    const names = nativeInterface.inputNames;
    return {
      name: this.name,
      inputs: nativeInterface.inputs,
      outputs: nativeInterface.outputs,
      hasDefault: (name) => nativeInterface.hasDefault(name),
      returns,
      run: (inputs) => this.taskFunction(...names.map((name) => inputs[name])),
    };
  }

  /**
   * A direct call: the arguments as literals, the one execution path every task takes
   * (executeLiterals: hooks, context, conversions), the outputs back as native values. It rejects
   * with the task's own error, as calling the function would.
   */
  async #run(args: readonly unknown[]): Promise<unknown> {
    const { nativeInterface, returns } = this.#describe();
    const names = nativeInterface.inputNames;
    if (args.length > names.length) {
      throw new FlyteTypeError(`Task ${this.name} takes ${names.length} arguments, got ${args.length}`);
    }
    // Arguments may be promises (the result of another call): `add(add(1, 2), 3)` works locally too.
    const settled = await settleArguments(args);
    const values: Record<string, unknown> = { ...nativeInterface.defaultInputs };
    settled.forEach((arg, i) => {
      if (arg !== undefined) values[names[i] as string] = arg;
    });
    const literals = toLiteralMap(nativeInterface.inputs, values, { task: this.name });
    let outputs: LiteralMap;
    try {
      outputs = await executeLiterals(this, literals);
    } catch (error) {
      throw error instanceof ExecutionFailure ? error.cause : error;
    }
    const outputContext = { task: this.name, side: "output" } as const;
    return returnFromOutputs(returns, fromLiteralMap(nativeInterface.outputs, outputs, outputContext));
  }
}

/** Awaits promises among call arguments, also inside lists (`total([add(1, 2), 5])`). */
export async function settleArguments(args: readonly unknown[]): Promise<unknown[]> {
  const settle = async (value: unknown): Promise<unknown> =>
    Array.isArray(value) ? Promise.all(value.map(settle)) : value;
  return Promise.all(args.map(async (arg) => settle(await arg)));
}

/** Gives a local call's promise the no-op node methods a call inside a workflow has. */
function withNodeHandle<T>(promise: Promise<T>): Promise<T> {
  Object.defineProperty(promise, "withOverrides", { value: () => promise });
  Object.defineProperty(promise, "runsBefore", { value: () => undefined });
  return promise;
}
