import { create } from "@bufbuild/protobuf";
import { FlyteError } from "../errors/flyte-error.js";
import { executeLiterals } from "../execution/execute-literals.js";
import {
  type Binding,
  type BindingData,
  type Literal,
  LiteralCollectionSchema,
  type LiteralMap,
  LiteralMapSchema,
  LiteralSchema,
} from "../gen/flyteidl/core/literals_pb.js";
import { isBranch } from "../nodes/conditional.js";
import { evaluateCondition } from "../nodes/evaluate-condition.js";
import { START_NODE_ID } from "../nodes/node-output.js";
import { WorkflowCompilationError, WorkflowNodeError } from "../nodes/workflow-errors.js";
import type { NodeEntity, WorkflowNode } from "../nodes/workflow-node.js";
import type { TypeDescriptor } from "../types/descriptor.js";
import { isLaunchPlan } from "./launch-plan.js";
import { literalAt } from "./resolve-attribute.js";
import { isWorkflow } from "./workflow.js";

/** A conditional's `.else().fail(message)` was reached: no condition held. */
export class ConditionFailed extends FlyteError {
  constructor(
    readonly conditional: string,
    message: string,
  ) {
    super("USER", `conditional ${conditional}: ${message}`);
  }
}

/**
 * Runs what a node runs (a task) on its input literals and returns its output literals. The
 * runtime passes one that runs container tasks in Docker; {@link runInProcess} runs function tasks.
 */
export type NodeRunner = (entity: NodeEntity, inputs: LiteralMap) => Promise<LiteralMap>;

/** Resolves a binding against the workflow inputs and the outputs of finished nodes. */
function resolve(
  data: BindingData,
  outputs: ReadonlyMap<string, LiteralMap>,
  path: string,
  expected?: TypeDescriptor,
): Literal {
  switch (data.value.case) {
    case "promise": {
      const { nodeId, var: variable, attrPath } = data.value.value;
      const literal = outputs.get(nodeId)?.literals[variable];
      if (literal === undefined) {
        throw new WorkflowCompilationError(`${path}: ${nodeId} produced no output ${variable}`);
      }
      if (attrPath.length === 0) return literal;
      const parts = attrPath.map((part) =>
        part.value.case === "intValue" ? part.value.value : String(part.value.value),
      );
      return literalAt(literal, parts, expected, path);
    }
    case "scalar":
      return create(LiteralSchema, { value: { case: "scalar", value: data.value.value } });
    case "collection":
      return create(LiteralSchema, {
        value: {
          case: "collection",
          value: create(LiteralCollectionSchema, {
            literals: data.value.value.bindings.map((item, i) =>
              resolve(item, outputs, `${path}[${i}]`, expected?.kind === "list" ? expected.of : undefined),
            ),
          }),
        },
      });
    case "map": {
      const literals: Record<string, Literal> = {};
      for (const [key, item] of Object.entries(data.value.value.bindings)) {
        literals[key] = resolve(
          item,
          outputs,
          `${path}[${JSON.stringify(key)}]`,
          expected?.kind === "map" ? expected.of : undefined,
        );
      }
      return create(LiteralSchema, { value: { case: "map", value: create(LiteralMapSchema, { literals }) } });
    }
    default:
      throw new WorkflowCompilationError(`${path}: unsupported binding ${String(data.value.case)}`);
  }
}

/** The type of input `name` of what a node runs, when it has a native interface. */
function inputTypeOf(entity: NodeEntity, name: string): TypeDescriptor | undefined {
  return (
    entity as { nativeInterface?: { inputs: ReadonlyMap<string, TypeDescriptor> } }
  ).nativeInterface?.inputs.get(name);
}

/** What {@link runWorkflow} runs: a workflow, or the graph a dynamic task built. */
export interface RunnableGraph {
  readonly name: string;
  compile(): { readonly nodes: readonly WorkflowNode[]; readonly outputBindings: readonly Binding[] };
  readonly nativeInterface: { readonly outputs: ReadonlyMap<string, TypeDescriptor> };
}

/**
 * Runs a workflow's nodes as propeller would, in process: each node starts once the nodes it
 * depends on have finished (independent nodes run concurrently), its inputs resolved from the
 * workflow's inputs, constants and upstream outputs, all as literals. When a node fails no new node
 * starts; running ones are awaited, then the first failure is thrown as a {@link WorkflowNodeError}
 * naming the node.
 * @returns the workflow's output literals.
 */
export async function runWorkflow(
  workflow: RunnableGraph,
  inputs: LiteralMap,
  runner: NodeRunner,
): Promise<LiteralMap> {
  const { nodes, outputBindings } = workflow.compile();
  const outputs = new Map<string, LiteralMap>([[START_NODE_ID, inputs]]);
  const running = new Map<WorkflowNode, Promise<void>>();
  let failure: WorkflowNodeError | undefined;
  const start = async (node: WorkflowNode): Promise<void> => {
    await Promise.all(node.upstream.map((upstream) => running.get(upstream)));
    if (failure !== undefined) return;
    try {
      const literals: Record<string, Literal> = {};
      for (const binding of node.bindings) {
        if (binding.binding === undefined) continue;
        literals[binding.var] = resolve(
          binding.binding,
          outputs,
          `node ${node.id} input ${binding.var}`,
          inputTypeOf(node.entity, binding.var),
        );
      }
      const { entity } = node;
      if (isBranch(entity)) {
        // The first case whose condition holds runs its node; none holding runs the else (or fails).
        const chosen =
          entity.cases.find(({ condition }) => evaluateCondition(condition, literals))?.node ??
          ("node" in entity.otherwise ? entity.otherwise.node : undefined);
        if (chosen === undefined)
          throw new ConditionFailed(entity.name, (entity.otherwise as { fail: string }).fail);
        await Promise.all(chosen.upstream.map((upstream) => running.get(upstream)));
        const caseInputs: Record<string, Literal> = {};
        for (const binding of chosen.bindings) {
          if (binding.binding === undefined) continue;
          caseInputs[binding.var] = resolve(
            binding.binding,
            outputs,
            `node ${chosen.id} input ${binding.var}`,
          );
        }
        outputs.set(node.id, await runner(chosen.entity, create(LiteralMapSchema, { literals: caseInputs })));
        return;
      }
      outputs.set(node.id, await runner(entity, create(LiteralMapSchema, { literals })));
    } catch (error) {
      failure ??= new WorkflowNodeError(workflow.name, node.id, node.entity.name, error);
      throw failure;
    }
  };
  for (const node of nodes) running.set(node, start(node));
  const settled = await Promise.allSettled(running.values());
  if (failure !== undefined) throw failure;
  const rejected = settled.find((result) => result.status === "rejected");
  if (rejected !== undefined) throw (rejected as PromiseRejectedResult).reason;
  const literals: Record<string, Literal> = {};
  for (const binding of outputBindings) {
    if (binding.binding === undefined) continue;
    literals[binding.var] = resolve(
      binding.binding,
      outputs,
      `workflow ${workflow.name} output ${binding.var}`,
      workflow.nativeInterface.outputs.get(binding.var),
    );
  }
  return create(LiteralMapSchema, { literals });
}

/**
 * Runs a node in this process: tasks through the one execution path ({@link executeLiterals}, with
 * the installed host's context), workflows and launch plans by running their own nodes. Tasks
 * without a process to run in (raw container tasks) need the runtime's `localExecute`.
 */
export const runInProcess: NodeRunner = async (entity, inputs) => {
  if (isWorkflow(entity)) return runWorkflow(entity, inputs, runInProcess);
  if (isLaunchPlan(entity)) {
    const fixed = entity.fixedLiterals().literals;
    return runWorkflow(
      entity.workflow,
      create(LiteralMapSchema, { literals: { ...inputs.literals, ...fixed } }),
      runInProcess,
    );
  }
  return executeLiterals(entity, inputs);
};
