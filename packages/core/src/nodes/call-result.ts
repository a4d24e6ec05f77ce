import type { NamedOutputs } from "../interface/signature.js";
import type { NodeOverrides } from "./workflow-node.js";

/** What every task or workflow call gives back, in a workflow body and (as no-ops) outside. */
export interface NodeHandle {
  /** Per-call options of the node (flytekit's `with_overrides`); a no-op outside a workflow. */
  withOverrides(overrides: NodeOverrides): this;
  /** Makes `other`'s node wait for this one (flytekit's `>>`); a no-op outside a workflow. */
  runsBefore(other: NodeHandle): void;
}

/**
 * Promises for each output of a call: a tuple's elements, or named outputs' fields, so that
 * `const [a, b] = twoOutputs(x)` and `const { total } = named(x)` work in a workflow body.
 */
export type OutputPromises<R> = R extends readonly unknown[]
  ? { readonly [K in keyof R]: Promise<R[K]> }
  : R extends NamedOutputs<infer O>
    ? { readonly [K in keyof O]: Promise<O[K]> }
    : unknown;

/** The result of calling a task or workflow: a promise of its output(s), its outputs' promises, node options. */
export type CallResult<R> = Promise<R> & OutputPromises<R> & NodeHandle;

/** A value, a promise of one, or for a list, a list of values and promises (bound element by element). */
export type Bindable<T> =
  | T
  | PromiseLike<T>
  | (T extends readonly (infer E)[] ? readonly Bindable<E>[] : never);

/** Arguments of a call: each a value or a promise of one (another call's result or a workflow input). */
export type CallArguments<P extends readonly unknown[]> = { [K in keyof P]: Bindable<P[K]> };
