import type { NamedOutputs } from "../interface/signature.js";
import type { FlyteDirectory, FlyteFile } from "../types/blob.js";
import type { Duration } from "../types/duration.js";
import type { NodeOverrides } from "./workflow-node.js";

/** What every task or workflow call gives back, in a workflow body and (as no-ops) outside. */
export interface NodeHandle {
  /** Per-call options of the node (flytekit's `with_overrides`); a no-op outside a workflow. */
  withOverrides(overrides: NodeOverrides): this;
  /** Makes `other`'s node wait for this one (flytekit's `>>`); a no-op outside a workflow. */
  runsBefore(other: NodeHandle): void;
}

/** Object types that are values, not structs: no attribute access into them. */
type Opaque = Date | Uint8Array | ReadonlyMap<unknown, unknown> | Duration | FlyteFile | FlyteDirectory;

/** A promise of part of an output, whose own parts are promises too (`s.points[0].x`). */
export type PartPromise<T> = Promise<T> & OutputPromises<T>;

/**
 * Promises for the parts of a call's output: a tuple's elements, named outputs' fields, and
 * (flytekit's attribute access) a struct's fields, a list's elements and a map's entries, so that
 * `const [a, b] = twoOutputs(x)`, `const { total } = named(x)` and `count(summary.rows)` work in a
 * workflow body.
 */
export type OutputPromises<R> = R extends readonly unknown[]
  ? { readonly [K in keyof R]: PartPromise<R[K]> }
  : R extends NamedOutputs<infer O>
    ? { readonly [K in keyof O]: PartPromise<O[K]> }
    : R extends Opaque
      ? unknown
      : R extends object
        ? { readonly [K in keyof R]-?: PartPromise<R[K]> }
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
