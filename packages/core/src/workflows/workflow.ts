import { create } from "@bufbuild/protobuf";
import type { TypedInterface } from "../gen/flyteidl/core/interface_pb.js";
import type { Binding } from "../gen/flyteidl/core/literals_pb.js";
import {
  type NodeMetadata,
  NodeMetadataSchema,
  WorkflowMetadata_OnFailurePolicy,
} from "../gen/flyteidl/core/workflow_pb.js";
import { type Described, describeFunction } from "../interface/described.js";
import type { InputsInit, Interface, OutputsInit } from "../interface/interface.js";
import { outputNames, type ReturnDescriptor } from "../interface/signature.js";
import { Documentation } from "../metadata/documentation.js";
import { bindingOf } from "../nodes/bindings.js";
import { type CompilationState, currentCompilation, withCompilation } from "../nodes/compilation-state.js";
import { compileCall } from "../nodes/compile-call.js";
import { unfinishedConditionals } from "../nodes/conditional.js";
import { NodeOutput } from "../nodes/node-output.js";
import { WorkflowCompilationError } from "../nodes/workflow-errors.js";
import { shortName, type WorkflowNode } from "../nodes/workflow-node.js";
import { identityOf, type TaskMeta } from "../tasks/task-meta.js";
import { TrackedInstance } from "../tracking/tracked-instance.js";
import type { TypeDescriptor } from "../types/descriptor.js";
import { isPlainObject } from "../types/values.js";

/** What a workflow does when a node fails. */
export const WorkflowFailurePolicy = {
  /** Fail the execution as soon as a node fails, aborting running nodes (the default). */
  FAIL_IMMEDIATELY: "failImmediately",
  /** Run every node that can still run, then fail. */
  FAIL_AFTER_EXECUTABLE_NODES_COMPLETE: "failAfterExecutableNodesComplete",
} as const;
export type WorkflowFailurePolicy = (typeof WorkflowFailurePolicy)[keyof typeof WorkflowFailurePolicy];

/** Options of `workflow(fn, options)`. */
export interface WorkflowOptions {
  /** The workflow's name, unique in its project. @default its location `module.key` (needs the transformer) */
  name?: string;
  /** What happens when a node fails. @default WorkflowFailurePolicy.FAIL_IMMEDIATELY */
  failurePolicy?: WorkflowFailurePolicy;
  /** Whether the workflow's tasks may run on interruptible machines unless they say otherwise. @default false */
  interruptible?: boolean;
  /** Documentation registered with the workflow. @default an empty description, as flytekit registers */
  docs?: Documentation;
  /** Inputs in parameter order, when no transformer describes the function. Give with `outputs` and `name`. */
  inputs?: InputsInit;
  /** Outputs, when no transformer describes the function. */
  outputs?: OutputsInit;
}

/** A workflow function: its body runs once, at compile time, with promises for its inputs. */
// biome-ignore lint/suspicious/noExplicitAny: any function is accepted; its types are captured at build time.
export type WorkflowFunction = (...args: any[]) => unknown;

/** A compiled workflow: its nodes in creation order and its output bindings. */
export interface CompiledWorkflow {
  readonly nodes: readonly WorkflowNode[];
  readonly outputBindings: readonly Binding[];
}

const FAILURE_POLICY: Readonly<Record<WorkflowFailurePolicy, WorkflowMetadata_OnFailurePolicy>> = {
  failImmediately: WorkflowMetadata_OnFailurePolicy.FAIL_IMMEDIATELY,
  failAfterExecutableNodesComplete: WorkflowMetadata_OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE,
};

/**
 * A workflow defined by a function (flytekit's `PythonFunctionWorkflow`), made by `workflow()`.
 * The function is run once, the first time the workflow is used (called, serialized, packaged),
 * with {@link NodeOutput} promises standing for its inputs; each task called in it becomes a node.
 * Its interface and identity come from the compiler transformer or from explicit `name`,
 * `inputs` and `outputs`.
 */
export class Workflow<F extends WorkflowFunction = WorkflowFunction> extends TrackedInstance {
  readonly workflowFunction: F;
  #meta: TaskMeta | undefined;
  readonly explicitName: string | undefined;
  readonly failurePolicy: WorkflowFailurePolicy;
  readonly interruptible: boolean;
  readonly docs: Documentation;
  readonly #inputs: InputsInit | undefined;
  readonly #outputs: OutputsInit | undefined;
  #described: Described | undefined;
  #compiled: CompiledWorkflow | undefined;
  #compiling = false;

  constructor(workflowFunction: F, options: WorkflowOptions = {}, meta?: TaskMeta) {
    super(meta === undefined ? undefined : identityOf(meta));
    this.workflowFunction = workflowFunction;
    this.#meta = meta;
    this.explicitName = options.name;
    this.failurePolicy = options.failurePolicy ?? WorkflowFailurePolicy.FAIL_IMMEDIATELY;
    if (!(this.failurePolicy in FAILURE_POLICY)) {
      throw new WorkflowCompilationError(`Failure policy ${String(this.failurePolicy)} not acceptable`);
    }
    this.interruptible = options.interruptible ?? false;
    this.docs = options.docs ?? new Documentation({ longDescription: {} });
    this.#inputs = options.inputs;
    this.#outputs = options.outputs;
  }

  /** The workflow's name: the explicit one, else its location `module.key`. */
  get name(): string {
    return this.explicitName ?? this.location;
  }

  /** What the transformer recorded (or the manifest supplied, see {@link adoptMeta}), if anything. */
  get meta(): TaskMeta | undefined {
    return this.#meta;
  }

  /**
   * Takes the build data the transformer would have attached, from the project's manifest, for a
   * workflow compiled without the transformer. Ignored when it has its own already, or once compiled.
   */
  adoptMeta(meta: TaskMeta): void {
    if (this.#meta !== undefined || this.#compiled !== undefined) return;
    this.#meta = meta;
    if (this.tracking === undefined) this.track(identityOf(meta));
    this.#described = undefined;
  }

  /**
   * Whether the interface is known yet: from explicit `inputs`/`outputs`, the transformer, or the
   * manifest. A build without the transformer knows it only once the loader adopted the manifest.
   */
  get interfaceKnown(): boolean {
    return this.#inputs !== undefined || this.#outputs !== undefined || this.#meta?.signature !== undefined;
  }

  #describe(): Described {
    this.#described ??= describeFunction(
      { inputs: this.#inputs, outputs: this.#outputs },
      () => this.meta?.signature,
      () => this.name,
      `Workflow ${this.explicitName ?? (this.workflowFunction.name || "<anonymous function>")}`,
      "workflow()",
    );
    return this.#described;
  }

  /** The native interface: typed inputs (with defaults) and outputs. */
  get nativeInterface(): Interface {
    return this.#describe().nativeInterface;
  }

  /** The Flyte interface. */
  get interface(): TypedInterface {
    return this.nativeInterface.toModel();
  }

  /** How the function's return value maps to outputs. */
  get returns(): ReturnDescriptor {
    return this.#describe().returns;
  }

  /** The `WorkflowMetadata.on_failure` policy. */
  get onFailure(): WorkflowMetadata_OnFailurePolicy {
    return FAILURE_POLICY[this.failurePolicy];
  }

  /** The metadata of a node running this workflow as a sub-workflow: its short name and interruptibility. */
  constructNodeMetadata(): NodeMetadata {
    return create(NodeMetadataSchema, {
      name: shortName(this.name),
      interruptibleValue: { case: "interruptible", value: this.interruptible },
    });
  }

  /**
   * Runs the workflow function once with promises for its inputs and records the nodes it creates
   * and the output bindings (memoized).
   * @throws WorkflowCompilationError for any problem in the body, naming the workflow and the node.
   */
  compile(): CompiledWorkflow {
    if (this.#compiled !== undefined) return this.#compiled;
    if (this.#compiling) {
      throw new WorkflowCompilationError(`Workflow ${this.name} calls itself: workflows cannot be recursive`);
    }
    this.#compiling = true;
    try {
      const { nativeInterface, returns } = this.#describe();
      const state: CompilationState = { workflow: this.name, nodes: [] };
      const inputs = nativeInterface.inputNames.map(
        (name) =>
          new NodeOutput(undefined, name, nativeInterface.inputs.get(name) as TypeDescriptor, this.name),
      );
      const result = withCompilation(state, () => this.workflowFunction(...inputs));
      if (result instanceof Promise) {
        result.catch(() => undefined);
        throw new WorkflowCompilationError(
          `Workflow ${this.name}: the workflow function returned a Promise. Workflow bodies are synchronous (they build the graph once): remove \`async\` and \`await\``,
        );
      }
      const dangling = unfinishedConditionals(state);
      if (dangling.length > 0)
        throw new WorkflowCompilationError(
          `Workflow ${this.name}: conditional ${dangling.join(", ")} has no else: end it with .else().then(...) or .else().fail(message)`,
        );
      const outputBindings = this.#bindOutputs(state, returns, result);
      this.#compiled = Object.freeze({ nodes: Object.freeze([...state.nodes]), outputBindings });
      return this.#compiled;
    } finally {
      this.#compiling = false;
    }
  }

  #bindOutputs(state: CompilationState, returns: ReturnDescriptor, result: unknown): Binding[] {
    const outputs = this.nativeInterface.outputs;
    const names = outputNames(returns);
    let values: unknown[];
    switch (returns.kind) {
      case "void":
        values = [];
        break;
      case "single":
        values = [result];
        break;
      case "tuple":
        if (!Array.isArray(result) || result.length !== names.length) {
          throw new WorkflowCompilationError(
            `Workflow ${this.name} must return ${names.length} values (a tuple), got ${Array.isArray(result) ? `${result.length} values` : "one value"}`,
          );
        }
        values = result;
        break;
      case "named":
        if (!isPlainObject(result) && !(typeof result === "object" && result !== null)) {
          throw new WorkflowCompilationError(
            `Workflow ${this.name} must return an object with outputs ${names.join(", ")}`,
          );
        }
        values = names.map((name) => (result as Record<string, unknown>)[name]);
        break;
    }
    const promises: NodeOutput[] = [];
    const bindings = names.map((name, i) => {
      const value = values[i];
      if (value === undefined) {
        throw new WorkflowCompilationError(`Workflow ${this.name}: output ${name} is not returned`);
      }
      return bindingOf(
        name,
        outputs.get(name) as TypeDescriptor,
        value,
        `Workflow ${this.name}: output ${name}`,
        promises,
      );
    });
    for (const promise of promises) {
      if (promise.node !== undefined && !state.nodes.includes(promise.node)) {
        throw new WorkflowCompilationError(
          `Workflow ${this.name}: output returns a promise of another workflow`,
        );
      }
    }
    return bindings;
  }

  /**
   * Inside another workflow: adds a sub-workflow node bound to `inputs` (by name) and returns
   * promises for its outputs.
   */
  createNode(inputs: Readonly<Record<string, unknown>>): unknown {
    const state = currentCompilation();
    if (state === undefined) {
      throw new WorkflowCompilationError(
        `Workflow ${this.name}: nodes can only be created inside a workflow body`,
      );
    }
    this.compile();
    return compileCall(state, this, this.returns, inputs);
  }
}

/** Is `value` a {@link Workflow} (also a callable one, or one made by another copy of this package)? */
export function isWorkflow(value: unknown): value is Workflow {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { compile?: unknown }).compile === "function" &&
    typeof (value as { workflowFunction?: unknown }).workflowFunction === "function"
  );
}
