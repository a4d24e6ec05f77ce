import { create } from "@bufbuild/protobuf";
import { type WorkflowSpec, WorkflowSpecSchema } from "../gen/flyteidl/admin/workflow_pb.js";
import { type Identifier, IdentifierSchema, ResourceType } from "../gen/flyteidl/core/identifier_pb.js";
import { ErrorSchema } from "../gen/flyteidl/core/types_pb.js";
import {
  type ArrayNode,
  ArrayNodeSchema,
  IfBlockSchema,
  IfElseBlockSchema,
  type Node,
  NodeSchema,
  TaskNodeOverridesSchema,
  TaskNodeSchema,
  WorkflowMetadataDefaultsSchema,
  WorkflowMetadataSchema,
  type WorkflowTemplate,
  WorkflowTemplateSchema,
} from "../gen/flyteidl/core/workflow_pb.js";
import { booleanExpression } from "../nodes/condition.js";
import { isBranch, usedNodes } from "../nodes/conditional.js";
import type { NodeEntity, WorkflowNode } from "../nodes/workflow-node.js";
import type { SerializationSettings } from "../settings/serialization-settings.js";
import { isMapTask, type MapTask } from "../tasks/map-task.js";
import { isTask } from "../tasks/task.js";
import { isLaunchPlan } from "../workflows/launch-plan.js";
import { isReference, type ReferenceKind } from "../workflows/references.js";

const REFERENCE_TYPES: Readonly<Record<ReferenceKind, ResourceType>> = {
  task: ResourceType.TASK,
  launchPlan: ResourceType.LAUNCH_PLAN,
  workflow: ResourceType.WORKFLOW,
};

import { isWorkflow, type Workflow } from "../workflows/workflow.js";

function identifier(resourceType: ResourceType, name: string, settings: SerializationSettings): Identifier {
  return create(IdentifierSchema, {
    resourceType,
    project: settings.project,
    domain: settings.domain,
    name,
    version: settings.version,
  });
}

/** A node's model: its reference, or for a conditional its if-else block with the nodes it runs. */
export function nodeModel(node: WorkflowNode, settings: SerializationSettings): Node {
  if (isMapTask(node.entity)) return node.toModel({ array: arrayNode(node, node.entity, settings) });
  return node.toModel(targetOf(node.entity, settings));
}

/**
 * A map task's array node, as flytekit writes it: the sub-node (named as the map task, the same
 * inputs, a task node of the map task), the concurrency as parallelism when set, and the success
 * criterion.
 */
function arrayNode(node: WorkflowNode, map: MapTask, settings: SerializationSettings): ArrayNode {
  const sub = create(NodeSchema, {
    id: map.name,
    metadata: node.metadata,
    inputs: [...node.bindings],
    target: {
      case: "taskNode",
      value: create(TaskNodeSchema, {
        reference: { case: "referenceId", value: identifier(ResourceType.TASK, map.name, settings) },
        overrides: create(TaskNodeOverridesSchema),
      }),
    },
  });
  return create(ArrayNodeSchema, {
    node: sub,
    parallelismOption:
      map.concurrency === undefined ? { case: undefined } : { case: "parallelism", value: map.concurrency },
    successCriteria:
      map.minSuccesses !== undefined
        ? { case: "minSuccesses", value: map.minSuccesses }
        : { case: "minSuccessRatio", value: map.minSuccessRatio ?? 1 },
    isOriginalSubNodeInterface: false,
  });
}

/** What a node references: a task, a sub-workflow or a launch plan; or a conditional's branches. */
function targetOf(entity: NodeEntity, settings: SerializationSettings) {
  if (isBranch(entity)) {
    const [first, ...others] = entity.cases.map(({ condition, node }) =>
      create(IfBlockSchema, { condition: booleanExpression(condition), thenNode: nodeModel(node, settings) }),
    );
    const { otherwise } = entity;
    return {
      branch: create(IfElseBlockSchema, {
        case: first,
        other: others,
        default:
          "node" in otherwise
            ? { case: "elseNode", value: nodeModel(otherwise.node, settings) }
            : {
                case: "error",
                // flytekit names the conditional as the failed node.
                value: create(ErrorSchema, { failedNodeId: entity.name, message: otherwise.fail }),
              },
      }),
    };
  }
  if (isReference(entity)) {
    // Registered elsewhere: its own identifier, whatever this registration's project and version.
    const id = create(IdentifierSchema, { ...entity.reference, resourceType: REFERENCE_TYPES[entity.kind] });
    return entity.kind === "task"
      ? { task: id }
      : entity.kind === "launchPlan"
        ? { launchPlan: id }
        : { subWorkflow: id };
  }
  if (isTask(entity)) return { task: identifier(ResourceType.TASK, entity.name, settings) };
  if (isWorkflow(entity)) return { subWorkflow: identifier(ResourceType.WORKFLOW, entity.name, settings) };
  if (isLaunchPlan(entity))
    return { launchPlan: identifier(ResourceType.LAUNCH_PLAN, entity.name, settings) };
  throw new TypeError(`a node runs ${entity.name}, which is not a task, workflow or launch plan`);
}

/**
 * The `flyteidl.core.WorkflowTemplate` of a workflow, as flytekit's translator builds it: metadata
 * and metadata defaults always present, the interface, nodes in creation order (`n0`, `n1`, ...)
 * with sorted bindings, and the output bindings. Compiles the workflow if needed.
 */
export function toWorkflowTemplate(workflow: Workflow, settings: SerializationSettings): WorkflowTemplate {
  const { nodes, outputBindings } = workflow.compile();
  return create(WorkflowTemplateSchema, {
    id: identifier(ResourceType.WORKFLOW, workflow.name, settings),
    metadata: create(WorkflowMetadataSchema, { onFailure: workflow.onFailure }),
    interface: workflow.interface,
    nodes: nodes.map((node) => nodeModel(node, settings)),
    outputs: [...outputBindings],
    metadataDefaults: create(WorkflowMetadataDefaultsSchema, { interruptible: workflow.interruptible }),
  });
}

/** The workflows a workflow runs as sub-workflows, all levels down, each once. */
export function subWorkflowsOf(workflow: Workflow, found = new Map<string, Workflow>()): Workflow[] {
  for (const node of usedNodes(workflow.compile().nodes)) {
    if (isWorkflow(node.entity) && !found.has(node.entity.name)) {
      found.set(node.entity.name, node.entity);
      subWorkflowsOf(node.entity, found);
    }
  }
  return [...found.values()];
}

/**
 * The `flyteidl.admin.WorkflowSpec` that registers `workflow`: its template, the templates of its
 * sub-workflows (sorted by name) and its description. Encode with `toBinary(WorkflowSpecSchema, spec)`.
 */
export function serializeWorkflow(workflow: Workflow, settings: SerializationSettings): WorkflowSpec {
  const subWorkflows = subWorkflowsOf(workflow)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((sub) => toWorkflowTemplate(sub, settings));
  return create(WorkflowSpecSchema, {
    template: toWorkflowTemplate(workflow, settings),
    subWorkflows,
    description: workflow.docs.toModel(),
  });
}
