import type { TypeDescriptor } from "../types/descriptor.js";
import { describeType } from "../types/descriptor.js";
import { WorkflowCompilationError } from "./workflow-errors.js";
import type { NodeOverrides, WorkflowNode } from "./workflow-node.js";

/**
 * The node id bindings to a workflow's inputs point at: flytekit's `GLOBAL_INPUT_NODE_ID`, the empty
 * string (so `OutputReference.node_id` is left out on the wire, as in flytekit's workflow specs).
 */
export const START_NODE_ID = "";

const NODE_OUTPUT_MARK = Symbol.for("@flytekit-ts/core.NodeOutput");

/** What a promise stands for, for messages: `input a of workflow wf`, `output o0 of node n1 (add)`. */
function describe(output: NodeOutput): string {
  const base =
    output.nodeId === START_NODE_ID
      ? `input ${output.variable} of workflow ${output.owner}`
      : `output ${output.variable} of node ${output.nodeId} (${output.owner})`;
  return base;
}

function misuse(output: NodeOutput, what: string): WorkflowCompilationError {
  return new WorkflowCompilationError(
    `${describe(output)} is a promise, not a value: ${what}. A workflow's body runs once, when the workflow is compiled, to build its graph; its values exist only when it runs. Pass promises to tasks, return them, or move the logic into a task`,
  );
}

/**
 * A promise for a value of a workflow: one of its inputs, or an output of one of its nodes
 * (flytekit's `Promise` holding a `NodeOutput`). Inside a workflow body, task calls return these in
 * place of values; passing one to another task binds that task's input to it. Using one as a value
 * (comparing it, adding to it, printing it, awaiting it) is a compile-time error.
 */
export class NodeOutput {
  /** The id of the node that produces the value (`""` for workflow inputs). */
  readonly nodeId: string;
  /** The output (or workflow input) name. */
  readonly variable: string;
  /** The value's type. */
  readonly type: TypeDescriptor;
  /** The workflow (for inputs) or the task the node runs, for messages. */
  readonly owner: string;
  /** The node that produces the value; `undefined` for workflow inputs. */
  readonly node: WorkflowNode | undefined;
  /**
   * The path into the value this promise stands for (flytekit's attribute access): struct fields
   * and map keys as strings, list indexes as numbers. @default [] (the whole value)
   */
  readonly attrPath: readonly (string | number)[];

  constructor(
    node: WorkflowNode | undefined,
    variable: string,
    type: TypeDescriptor,
    owner: string,
    attrPath: readonly (string | number)[] = [],
  ) {
    this.nodeId = node === undefined ? START_NODE_ID : node.id;
    this.node = node;
    this.variable = variable;
    this.type = type;
    this.owner = owner;
    this.attrPath = Object.freeze([...attrPath]);
    Object.defineProperty(this, NODE_OUTPUT_MARK, { value: true });
    Object.freeze(this);
    // Structs, lists and maps: `summary.rows`, `xs[0]`, `tags["a"]` are promises of those parts.
    if (type.kind === "struct" || type.kind === "list" || type.kind === "map") {
      // biome-ignore lint/correctness/noConstructorReturn: a promise of a struct, list or map answers attribute access.
      return new Proxy(this, { get: (target, key, receiver) => attributeOf(target, key, receiver) });
    }
  }

  /** A promise of part of this value: a struct's field, a map's entry or a list's element. */
  attribute(key: string | number): NodeOutput {
    const { type } = this;
    let part: TypeDescriptor | undefined;
    if (type.kind === "struct" && typeof key === "string")
      part = type.fields.find((field) => field.name === key)?.type;
    else if (type.kind === "map" && typeof key === "string") part = type.of;
    else if (type.kind === "list" && typeof key === "number" && Number.isInteger(key) && key >= 0)
      part = type.of;
    if (part === undefined)
      throw new WorkflowCompilationError(
        `${describe(this)}${pathText(this.attrPath)} (${describeType(type)}) has no ${typeof key === "number" ? `element ${key}` : `field ${JSON.stringify(key)}`}`,
      );
    return new NodeOutput(this.node, this.variable, part, this.owner, [...this.attrPath, key]);
  }

  /** `if (x > 3)`, `x + 1`, `${x}`: refused, the value does not exist yet. */
  [Symbol.toPrimitive](): never {
    throw misuse(this, "it cannot be compared, computed with or turned into a string at compile time");
  }

  valueOf(): never {
    throw misuse(this, "it cannot be compared or computed with at compile time");
  }

  toString(): never {
    throw misuse(this, "it cannot be turned into a string at compile time");
  }

  toJSON(): never {
    throw misuse(this, "it cannot be serialized at compile time");
  }

  /** `await x` / `x.then(...)`: refused; workflow bodies are synchronous. */
  // biome-ignore lint/suspicious/noThenProperty: deliberate, so that awaiting a promise in a workflow body fails with this message.
  then(): never {
    throw misuse(
      this,
      "workflow bodies are synchronous and cannot await (remove `async`/`await` from the workflow function)",
    );
  }

  /** Per-call options of the node that produces this value (flytekit's `with_overrides`). */
  withOverrides(overrides: NodeOverrides): this {
    nodeOf(this).applyOverrides(overrides);
    return this;
  }

  /** Makes the node of `other` wait for this value's node (flytekit's `runs_before` / `>>`). */
  runsBefore(other: unknown): void {
    nodeOf(this).runsBefore(nodeOf(other));
  }

  /** For messages: `input a of workflow wf (int)`, `output o0 of node n0 (make_shape).points (list<Point>)`. */
  describe(): string {
    return `${describe(this)}${pathText(this.attrPath)} (${describeType(this.type)})`;
  }
}

/** `.points[0]` for messages. */
function pathText(path: readonly (string | number)[]): string {
  return path.map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`)).join("");
}

/** Property access on a promise of a struct, list or map: its own members, else a part of the value. */
function attributeOf(target: NodeOutput, key: string | symbol, receiver: unknown): unknown {
  if (typeof key === "symbol" || key in target) return Reflect.get(target, key, receiver);
  if (target.type.kind === "list") {
    if (!/^(0|[1-9]\d*)$/.test(key)) return undefined;
    return target.attribute(Number(key));
  }
  // Names a runtime or a library may probe on any object are not fields.
  if (
    key === "then" ||
    key === "constructor" ||
    key === "toJSON" ||
    key === "asymmetricMatch" ||
    key === "$$typeof"
  )
    return undefined;
  return target.attribute(key);
}

/** Is `value` a {@link NodeOutput} (also one made by another copy of this package)? */
export function isNodeOutput(value: unknown): value is NodeOutput {
  return typeof value === "object" && value !== null && NODE_OUTPUT_MARK in value;
}

const NODE_OF = Symbol.for("@flytekit-ts/core.nodeOf");

/** Marks a call result (a tuple or object of promises, or a void result) with its node. */
export function markNode<T extends object>(result: T, node: WorkflowNode): T {
  Object.defineProperty(result, NODE_OF, { value: node });
  Object.defineProperty(result, "withOverrides", {
    value(this: T, overrides: NodeOverrides) {
      node.applyOverrides(overrides);
      return this;
    },
  });
  Object.defineProperty(result, "runsBefore", {
    value(other: unknown) {
      node.runsBefore(nodeOf(other));
    },
  });
  return Object.freeze(result);
}

/**
 * The node behind a task call's result inside a workflow.
 * @throws WorkflowCompilationError for anything else (a workflow input, a plain value).
 */
export function nodeOf(value: unknown): WorkflowNode {
  if (isNodeOutput(value) && value.node !== undefined) return value.node;
  if (typeof value === "object" && value !== null && NODE_OF in value) {
    return (value as { [NODE_OF]: WorkflowNode })[NODE_OF];
  }
  throw new WorkflowCompilationError(
    isNodeOutput(value)
      ? `${value.describe()} is a workflow input, not a node: it has no overrides or ordering`
      : "expected the result of a task call inside a workflow",
  );
}

/** The result of calling a task with several outputs inside a workflow: a tuple of promises. */
export function isTupleResult(value: unknown): value is readonly NodeOutput[] {
  return Array.isArray(value) && NODE_OF in value;
}

/** The result of calling a task with no outputs inside a workflow: only good for ordering and overrides. */
export function isVoidResult(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    NODE_OF in value &&
    !isNodeOutput(value) &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  );
}
