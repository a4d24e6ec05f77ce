import type { CallResult } from "../nodes/call-result.js";
import { WorkflowCompilationError } from "../nodes/workflow-errors.js";
import { isTask } from "../tasks/task.js";
import { isLaunchPlan } from "./launch-plan.js";
import { isWorkflow } from "./workflow.js";

/**
 * Inside a workflow body: adds a node running `entity` (any task, such as a `ContainerTask`, a
 * workflow or a launch plan) with inputs by name, and returns promises for its outputs, shaped as
 * a call's result (flytekit's `create_node`): one promise for a single `o0` output, a tuple for
 * `o0, o1, ...`, an object for named outputs. Give the output types as `O` to type them:
 * `createNode<{ out: Int }>(square, { val: x }).out`.
 * @throws WorkflowCompilationError outside a workflow body, or for inputs that do not fit.
 */
export function createNode<O = unknown>(
  entity: unknown,
  inputs: Readonly<Record<string, unknown>> = {},
): CallResult<O> {
  if (isWorkflow(entity) || isLaunchPlan(entity)) return entity.createNode(inputs) as CallResult<O>;
  if (isTask(entity) && typeof (entity as { compile?: unknown }).compile === "function") {
    return (entity as unknown as { compile(inputs: Readonly<Record<string, unknown>>): unknown }).compile(
      inputs,
    ) as CallResult<O>;
  }
  throw new WorkflowCompilationError(
    "createNode() takes a task with a native interface, a workflow or a launch plan",
  );
}
