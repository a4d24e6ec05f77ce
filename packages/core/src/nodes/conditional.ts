import { create } from "@bufbuild/protobuf";
import { type Binding, BindingDataSchema, BindingSchema } from "../gen/flyteidl/core/literals_pb.js";
import { OutputReferenceSchema } from "../gen/flyteidl/core/types_pb.js";
import type { NodeMetadata } from "../gen/flyteidl/core/workflow_pb.js";
import {
  type CompilationState,
  currentCompilation,
  enterCompilation,
  knowsNode,
  leaveCompilation,
  nextNodeId,
} from "./compilation-state.js";
import { branchInputName, Condition } from "./condition.js";
import { isNodeOutput, isTupleResult, isVoidResult, markNode, NodeOutput, nodeOf } from "./node-output.js";
import { WorkflowCompilationError } from "./workflow-errors.js";
import { type NodeEntity, nodeMetadata, WorkflowNode } from "./workflow-node.js";

/** One case of a conditional: its condition and the node it runs. */
export interface BranchCase {
  readonly condition: Condition;
  readonly node: WorkflowNode;
}

/** What a conditional does when no condition holds: run a node, or fail with a message. */
export type BranchOtherwise = { readonly node: WorkflowNode } | { readonly fail: string };

/** What a branch node runs: its cases in order and what happens when none holds. */
export class BranchEntity implements NodeEntity {
  constructor(
    readonly name: string,
    readonly cases: readonly BranchCase[],
    readonly otherwise: BranchOtherwise,
  ) {
    Object.freeze(this);
  }

  constructNodeMetadata(): NodeMetadata {
    return nodeMetadata({ name: this.name, retries: 0 });
  }
}

/** Is `entity` a conditional's branch? */
export function isBranch(entity: NodeEntity): entity is BranchEntity {
  return entity instanceof BranchEntity;
}

const unfinished = new WeakMap<CompilationState, Set<string>>();

/** Names of the conditionals of `state` that never reached `.else()`. */
export function unfinishedConditionals(state: CompilationState): string[] {
  return [...(unfinished.get(state) ?? [])];
}

/** What a case's `then(...)` was given: the one node it runs and the shape of its outputs. */
function caseResult(section: string, inner: CompilationState, result: unknown, created: number) {
  const made = inner.nodes.slice(created);
  if (made.length !== 1)
    throw new WorkflowCompilationError(
      `conditional ${section}: each case runs exactly one task, workflow or launch plan (this one created ${made.length} nodes); put several steps in a workflow`,
    );
  let node: WorkflowNode;
  try {
    node = nodeOf(result);
  } catch {
    throw new WorkflowCompilationError(
      `conditional ${section}: then() takes the result of the task call made in it, e.g. .then(add(a, b))`,
    );
  }
  if (node !== made[0])
    throw new WorkflowCompilationError(
      `conditional ${section}: then() takes the result of the call made in that case`,
    );
  return node;
}

/** The shape of a case's outputs, to check that every case gives the same. */
function outputsOf(result: unknown): { names: string[]; types: string[] } {
  if (isNodeOutput(result)) return { names: [result.variable], types: [JSON.stringify(result.type)] };
  if (isTupleResult(result))
    return {
      names: result.map((promise) => promise.variable),
      types: result.map((promise) => JSON.stringify(promise.type)),
    };
  if (isVoidResult(result)) return { names: [], types: [] };
  const entries = Object.entries(result as Record<string, NodeOutput>);
  return {
    names: entries.map(([, promise]) => promise.variable),
    types: entries.map(([, promise]) => JSON.stringify(promise.type)),
  };
}

/** The conditional's outputs as promises of the branch node, in the shape of the first case's. */
function branchOutputs(node: WorkflowNode, first: unknown, name: string): unknown {
  const promise = (of: NodeOutput) => new NodeOutput(node, of.variable, of.type, name);
  if (isNodeOutput(first)) return promise(first);
  if (isTupleResult(first)) return markNode(first.map(promise), node);
  if (isVoidResult(first)) return markNode({}, node);
  return markNode(
    Object.fromEntries(
      Object.entries(first as Record<string, NodeOutput>).map(([key, value]) => [key, promise(value)]),
    ),
    node,
  );
}

/** A conditional being built: `conditional("name").if(...).then(...).elif(...).then(...).else().then(...)`. */
class ConditionalSection {
  readonly #name: string;
  readonly #outer: CompilationState;
  readonly #inner: CompilationState;
  readonly #cases: { condition: Condition; node: WorkflowNode; result: unknown }[] = [];
  #open: "case" | "else" | undefined;
  #created = 0;

  constructor(name: string, outer: CompilationState) {
    this.#name = name;
    this.#outer = outer;
    // A branch's nodes are numbered on their own (n0, n1, ... across its cases), as flytekit does.
    this.#inner = { workflow: outer.workflow, nodes: [], enclosing: outer };
    const pending = unfinished.get(outer) ?? new Set<string>();
    pending.add(name);
    unfinished.set(outer, pending);
  }

  #begin(kind: "case" | "else"): void {
    if (this.#open !== undefined)
      throw new WorkflowCompilationError(
        `conditional ${this.#name}: a case began before the previous one's then()`,
      );
    this.#open = kind;
    this.#created = this.#inner.nodes.length;
    enterCompilation(this.#inner);
  }

  #end(): void {
    leaveCompilation(this.#inner);
    this.#open = undefined;
  }

  /** Ends a case at its `then(result)`: the one node it ran, with the outputs every case shares. */
  #closeCase(result: unknown): WorkflowNode {
    this.#end();
    const node = caseResult(this.#name, this.#inner, result, this.#created);
    const first = this.#cases[0]?.result;
    if (first !== undefined && JSON.stringify(outputsOf(first)) !== JSON.stringify(outputsOf(result)))
      throw new WorkflowCompilationError(`conditional ${this.#name}: every case must give the same outputs`);
    return node;
  }

  when(condition: unknown, stmt: string): { then(result: unknown): unknown } {
    if (!(condition instanceof Condition))
      throw new WorkflowCompilationError(
        `conditional ${this.#name}.${stmt}(...) takes a condition (gt(a, b), eq(x, 3), ... joined with and/or), got ${isNodeOutput(condition) ? condition.describe() : typeof condition}: flytekit-ts does not support unary conditions`,
      );
    for (const promise of condition.promises())
      if (promise.node !== undefined && !knowsNode(this.#outer, promise.node))
        throw new WorkflowCompilationError(
          `conditional ${this.#name}: its condition reads a promise of another workflow`,
        );
    this.#begin("case");
    return {
      // biome-ignore lint/suspicious/noThenProperty: flytekit's API is .then(...); workflow bodies are synchronous, nothing awaits a case.
      then: (result: unknown) => {
        const node = this.#closeCase(result);
        this.#cases.push({ condition, node, result });
        return {
          elif: (next: unknown) => this.when(next, "elif"),
          else: () => this.otherwise(),
        };
      },
    };
  }

  otherwise(): { then(result: unknown): unknown; fail(message: string): unknown } {
    this.#begin("else");
    return {
      // biome-ignore lint/suspicious/noThenProperty: flytekit's API is .then(...); workflow bodies are synchronous, nothing awaits a case.
      then: (result: unknown) => this.#finish({ node: this.#closeCase(result) }),
      fail: (message: string) => {
        this.#end();
        if (this.#inner.nodes.length !== this.#created)
          throw new WorkflowCompilationError(`conditional ${this.#name}: .else().fail(...) runs no task`);
        return this.#finish({ fail: message });
      },
    };
  }

  /** Adds the branch node to the enclosing workflow and returns promises of its outputs. */
  #finish(otherwise: BranchOtherwise): unknown {
    unfinished.get(this.#outer)?.delete(this.#name);
    const first = this.#cases[0] as { result: unknown };
    // The branch node's inputs: what the conditions read, each once, named <node>.<var>, sorted.
    const reads = new Map<string, NodeOutput>();
    for (const { condition } of this.#cases)
      for (const promise of condition.promises()) reads.set(branchInputName(promise), promise);
    const bindings: Binding[] = [...reads.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, promise]) =>
        create(BindingSchema, {
          var: name,
          binding: create(BindingDataSchema, {
            value: {
              case: "promise",
              value: create(OutputReferenceSchema, { nodeId: promise.nodeId, var: promise.variable }),
            },
          }),
        }),
      );
    const upstream = [...reads.values()].flatMap((promise) =>
      promise.node === undefined ? [] : [promise.node],
    );
    const entity = new BranchEntity(
      this.#name,
      this.#cases.map(({ condition, node }) => ({ condition, node })),
      otherwise,
    );
    const node = new WorkflowNode(nextNodeId(this.#outer), entity, bindings, upstream);
    this.#outer.nodes.push(node);
    return branchOutputs(
      node,
      "node" in otherwise && this.#cases.length === 0 ? undefined : first.result,
      this.#name,
    );
  }
}

/** The start of a conditional: `.if(condition)` opens its first case. */
export interface ConditionalStart {
  /** The first case: runs `then(...)`'s call when `condition` holds. */
  if(condition: Condition): { then<T>(result: T): ConditionalCases<T> };
}

/** After a case: another case, or the last one. */
export interface ConditionalCases<T> {
  /** Another case, tried when the previous ones do not hold. */
  elif(condition: Condition): { then(result: T): ConditionalCases<T> };
  /** What runs when no condition holds: a call (`.then(...)`) or a failure (`.fail(message)`). */
  else(): { then(result: T): T; fail(message: string): T };
}

/**
 * A conditional in a workflow body (flytekit's `conditional`): a branch node that runs the call of
 * the first case whose condition holds. Conditions compare workflow inputs and node outputs
 * ({@link gt}, {@link eq}, ..., joined with `and`/`or`); each case runs one task, workflow or launch
 * plan; the chain must end with `.else().then(...)` or `.else().fail(message)`.
 * @example conditional("bigger").if(gt(a, b)).then(add(a, b)).else().then(square(b))
 */
export function conditional(name: string): ConditionalStart {
  const state = currentCompilation();
  if (state === undefined)
    throw new WorkflowCompilationError(
      `conditional ${name}: conditionals can only be used inside a workflow body`,
    );
  if (state.enclosing !== undefined)
    throw new WorkflowCompilationError(
      `conditional ${name}: conditionals inside a conditional's case are not supported (as in flytekit): use a sub-workflow`,
    );
  const section = new ConditionalSection(name, state);
  return {
    if: (condition: Condition) => section.when(condition, "if") as never,
  };
}

/** `nodes` and, for conditionals, the nodes their cases run (what a workflow uses, for registration). */
export function usedNodes(nodes: readonly WorkflowNode[]): WorkflowNode[] {
  return nodes.flatMap((node) => {
    if (!isBranch(node.entity)) return [node];
    const { cases, otherwise } = node.entity;
    return [
      node,
      ...usedNodes([...cases.map((c) => c.node), ...("node" in otherwise ? [otherwise.node] : [])]),
    ];
  });
}
