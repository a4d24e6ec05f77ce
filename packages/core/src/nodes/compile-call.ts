import { FlyteTypeError } from "../errors/flyte-error.js";
import type { Binding } from "../gen/flyteidl/core/literals_pb.js";
import type { Interface } from "../interface/interface.js";
import { outputNames, type ReturnDescriptor } from "../interface/signature.js";
import { describeType } from "../types/descriptor.js";
import { isNullable } from "../types/json-schema.js";
import { describeValue } from "../types/values.js";
import { bindingOf } from "./bindings.js";
import { type CompilationState, knowsNode, nextNodeId } from "./compilation-state.js";

/** Where `node` comes in creation order: enclosing workflows' nodes before a branch's own. */
function creationOrder(state: CompilationState, node: WorkflowNode): number {
  let depth = 0;
  for (let at: CompilationState | undefined = state; at !== undefined; at = at.enclosing, depth++) {
    const index = at.nodes.indexOf(node);
    if (index >= 0) return index - depth * 1_000_000;
  }
  return 0;
}

import { isTupleResult, isVoidResult, markNode, NodeOutput } from "./node-output.js";
import { WorkflowCompilationError } from "./workflow-errors.js";
import { type NodeEntity, WorkflowNode } from "./workflow-node.js";

/** Something a workflow can call: a task, a workflow or a launch plan with a native interface. */
export interface NodeSource extends NodeEntity {
  readonly nativeInterface: Interface;
}

/** What the call of an entity with outputs `returns` gives back in a workflow. */
function shapeOutputs(node: WorkflowNode, source: NodeSource, returns: ReturnDescriptor): unknown {
  const outputs = source.nativeInterface.outputs;
  const promise = (name: string) => new NodeOutput(node, name, outputs.get(name) as never, source.name);
  switch (returns.kind) {
    case "void":
      return markNode({}, node);
    case "single":
      return promise("o0");
    case "tuple":
      return markNode(
        outputNames(returns).map((name) => promise(name)),
        node,
      );
    case "named":
      return markNode(Object.fromEntries(outputNames(returns).map((name) => [name, promise(name)])), node);
  }
}

/**
 * Adds a node running `source` to the workflow being compiled, its inputs bound to `inputs` (by
 * name), and returns promises for its outputs shaped as `returns` says: one promise, a tuple or an
 * object of promises, or a void result (flytekit's `create_and_link_node`). Inputs left out take
 * their defaults; optional ones are bound to none.
 * @throws WorkflowCompilationError for an unknown input, a missing required input, or a value or
 *   promise of the wrong type.
 */
export function compileCall(
  state: CompilationState,
  source: NodeSource,
  returns: ReturnDescriptor,
  inputs: Readonly<Record<string, unknown>>,
): unknown {
  const native = source.nativeInterface;
  const id = nextNodeId(state);
  const where = `workflow ${state.workflow}, node ${id} (${source.name})`;
  for (const name of Object.keys(inputs)) {
    if (!native.inputs.has(name)) {
      const known = native.inputNames.join(", ") || "none";
      throw new WorkflowCompilationError(
        `${where}: ${source.name} has no input named ${JSON.stringify(name)} (its inputs: ${known})`,
      );
    }
  }
  const bindings: Binding[] = [];
  const promises: NodeOutput[] = [];
  for (const name of [...native.inputNames].sort()) {
    const type = native.inputs.get(name) as NonNullable<ReturnType<typeof native.inputs.get>>;
    let value = inputs[name];
    if (value === undefined) {
      if (native.hasDefault(name)) value = native.defaultInputs[name];
      else if (!isNullable(type)) {
        throw new WorkflowCompilationError(
          `${where}: input ${name} of type ${describeType(type)} was not given and has no default`,
        );
      }
    }
    if (isVoidResult(value)) {
      throw new WorkflowCompilationError(
        `${where}: input ${name} got the result of a task that produces no outputs`,
      );
    }
    if (isTupleResult(value) && type.kind !== "list") {
      throw new WorkflowCompilationError(
        `${where}: input ${name} got ${value.length} promises (a task's several outputs); pass one of them`,
      );
    }
    try {
      bindings.push(bindingOf(name, type, value, `${where}: input ${name}`, promises));
    } catch (error) {
      if (error instanceof WorkflowCompilationError) throw error;
      if (error instanceof FlyteTypeError)
        throw new WorkflowCompilationError(error.message, { cause: error });
      throw new WorkflowCompilationError(`${where}: input ${name}: cannot bind ${describeValue(value)}`, {
        cause: error,
      });
    }
  }
  const upstream = promises.flatMap((promise) => (promise.node === undefined ? [] : [promise.node]));
  for (const node of upstream) {
    if (!knowsNode(state, node)) {
      throw new WorkflowCompilationError(
        `${where}: a promise of another workflow (${node.id} of ${node.entity.name}) cannot be used here`,
      );
    }
  }
  // Upstream ids in creation order (flytekit's come from a set: any order is valid).
  upstream.sort((a, b) => creationOrder(state, a) - creationOrder(state, b));
  const node = new WorkflowNode(id, source, bindings, upstream);
  state.nodes.push(node);
  return shapeOutputs(node, source, returns);
}
