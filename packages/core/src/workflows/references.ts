import { FlyteNotImplementedError, FlyteValidationError } from "../errors/flyte-error.js";
import { executeLiterals } from "../execution/execute-literals.js";
import type { ExecutionPlan } from "../execution/execution-plan.js";
import type { NodeMetadata } from "../gen/flyteidl/core/workflow_pb.js";
import { type InputsInit, Interface, type OutputsInit } from "../interface/interface.js";
import { type ReturnDescriptor, returnDescriptorOf } from "../interface/signature.js";
import type { CallArguments, CallResult } from "../nodes/call-result.js";
import { currentCompilation } from "../nodes/compilation-state.js";
import { compileCall } from "../nodes/compile-call.js";
import { nodeMetadata } from "../nodes/workflow-node.js";
import { fromLiteralMap, toLiteralMap } from "../types/literal-map.js";

/** Where an entity registered elsewhere is: its full identifier. */
export interface ReferenceId {
  readonly project: string;
  readonly domain: string;
  /** The registered name, e.g. `etl.normalize` (a Python task: `<module>.<function>`). */
  readonly name: string;
  readonly version: string;
}

/** The kind of entity a reference points at. */
export type ReferenceKind = "task" | "launchPlan" | "workflow";

/** The typed interface of a referenced entity, as flytekit's `reference_task` takes it. */
export interface ReferenceInterface {
  /** Inputs in call order. @default {} */
  readonly inputs?: InputsInit;
  /** Outputs: `o0` alone for one value, `o0..n` for a tuple, other names for an object. @default {} */
  readonly outputs?: OutputsInit;
}

/** Options of the reference functions. */
export interface ReferenceOptions {
  /**
   * What runs locally in its place (flytekit mocks reference entities in tests): called with the
   * inputs in order, returns the output(s). @default none (a local call fails saying so)
   */
  readonly local?: (...inputs: never[]) => unknown;
}

const LABEL: Readonly<Record<ReferenceKind, string>> = {
  task: "reference task",
  launchPlan: "reference launch plan",
  workflow: "reference workflow",
};

/**
 * A task, launch plan or workflow registered elsewhere (another team's, perhaps Python), called
 * from a workflow by its identifier with a typed interface (flytekit's `reference_task`,
 * `reference_launch_plan`, `reference_workflow`). It is not registered with the project: nodes
 * point at its identifier as given.
 */
export class ReferenceEntity {
  readonly kind: ReferenceKind;
  readonly reference: ReferenceId;
  readonly nativeInterface: Interface;
  readonly #local: ReferenceOptions["local"];

  constructor(
    kind: ReferenceKind,
    reference: ReferenceId,
    types: ReferenceInterface,
    options: ReferenceOptions = {},
  ) {
    for (const part of ["project", "domain", "name", "version"] as const) {
      if (typeof reference?.[part] !== "string" || reference[part] === "")
        throw new FlyteValidationError(`${LABEL[kind]}: the identifier needs a ${part}`);
    }
    this.kind = kind;
    this.reference = Object.freeze({ ...reference });
    this.nativeInterface = new Interface({ inputs: types.inputs ?? {}, outputs: types.outputs ?? {} });
    this.#local = options.local;
    Object.freeze(this);
  }

  get name(): string {
    return this.reference.name;
  }

  /** How its outputs shape a call's result. */
  get returns(): ReturnDescriptor {
    return returnDescriptorOf(this.nativeInterface.outputs);
  }

  /** The node's metadata: its short name only (flytekit writes no retries for a reference's node). */
  constructNodeMetadata(): NodeMetadata {
    return nodeMetadata({ name: this.name });
  }

  /** For messages: `reference task etl.normalize (p/d, version v7)`. */
  describe(): string {
    const { project, domain, name, version } = this.reference;
    return `${LABEL[this.kind]} ${name} (${project}/${domain}, version ${version})`;
  }

  /** How it runs locally: its `local` implementation, or a failure saying there is none. */
  executionPlan(): ExecutionPlan {
    const { inputs, outputs, inputNames } = this.nativeInterface;
    const local = this.#local;
    return {
      name: this.name,
      inputs,
      outputs,
      hasDefault: (name) => this.nativeInterface.hasDefault(name),
      returns: this.returns,
      run: (values) => {
        if (local === undefined)
          throw new FlyteNotImplementedError(
            `${this.describe()} is registered elsewhere and cannot run locally: give it a local implementation ({ local: (...inputs) => outputs }), as flytekit's tests mock reference entities`,
          );
        return (local as (...inputs: unknown[]) => unknown)(...inputNames.map((name) => values[name]));
      },
    };
  }

  /** A call: in a workflow body a node pointing at the reference; elsewhere its local implementation. */
  call(...args: unknown[]): unknown {
    const names = this.nativeInterface.inputNames;
    const inputs: Record<string, unknown> = {};
    args.forEach((arg, i) => {
      if (arg !== undefined && i < names.length) inputs[names[i] as string] = arg;
    });
    const state = currentCompilation();
    if (state !== undefined) return compileCall(state, this, this.returns, inputs);
    const { inputs: types, outputs } = this.nativeInterface;
    return (async () => {
      const literals = await executeLiterals(this, toLiteralMap(types, inputs, { task: this.name }));
      const values = await fromLiteralMap(outputs, literals, { task: this.name, side: "output" });
      const returns = this.returns;
      if (returns.kind === "void") return undefined;
      if (returns.kind === "single") return values.o0;
      if (returns.kind === "tuple") return Object.keys(values).map((name) => values[name]);
      return values;
    })();
  }
}

/** Is `value` a reference (or a callable around one)? */
export function isReference(value: unknown): value is ReferenceEntity {
  return value instanceof ReferenceEntity;
}

/** A callable reference: call it like the function type `F`; `.self` is the {@link ReferenceEntity}. */
// biome-ignore lint/suspicious/noExplicitAny: any function type describes a reference's calls.
export type CallableReference<F extends (...args: any[]) => any> = ((
  ...args: CallArguments<Parameters<F>>
) => CallResult<Awaited<ReturnType<F>>>) & { readonly self: ReferenceEntity };

// biome-ignore lint/suspicious/noExplicitAny: see CallableReference.
function callable<F extends (...args: any[]) => any>(entity: ReferenceEntity): CallableReference<F> {
  const call = (...args: unknown[]) => entity.call(...args);
  Object.defineProperty(call, "self", { value: entity });
  Object.defineProperty(call, "name", { value: entity.name });
  return call as never;
}

/**
 * A task registered elsewhere, by identifier and typed interface (flytekit's `reference_task`):
 * `referenceTask<(x: Int) => Int>({ project, domain, name: "etl.normalize", version: "v7" }, { inputs: { x: t.int }, outputs: { o0: t.int } })`.
 */
// biome-ignore lint/suspicious/noExplicitAny: the default accepts any call.
export function referenceTask<F extends (...args: any[]) => any = (...args: any[]) => any>(
  id: ReferenceId,
  types: ReferenceInterface,
  options?: ReferenceOptions,
): CallableReference<F> {
  return callable<F>(new ReferenceEntity("task", id, types, options));
}

/** A launch plan registered elsewhere (flytekit's `reference_launch_plan`); nodes run it as a launch plan. */
// biome-ignore lint/suspicious/noExplicitAny: the default accepts any call.
export function referenceLaunchPlan<F extends (...args: any[]) => any = (...args: any[]) => any>(
  id: ReferenceId,
  types: ReferenceInterface,
  options?: ReferenceOptions,
): CallableReference<F> {
  return callable<F>(new ReferenceEntity("launchPlan", id, types, options));
}

/** A workflow registered elsewhere (flytekit's `reference_workflow`); nodes run it as a sub-workflow. */
// biome-ignore lint/suspicious/noExplicitAny: the default accepts any call.
export function referenceWorkflow<F extends (...args: any[]) => any = (...args: any[]) => any>(
  id: ReferenceId,
  types: ReferenceInterface,
  options?: ReferenceOptions,
): CallableReference<F> {
  return callable<F>(new ReferenceEntity("workflow", id, types, options));
}
