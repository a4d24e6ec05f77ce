import { create } from "@bufbuild/protobuf";
import { type DynamicJobSpec, DynamicJobSpecSchema } from "../gen/flyteidl/core/dynamic_job_pb.js";
import type { TaskTemplate } from "../gen/flyteidl/core/tasks_pb.js";
import { usedNodes } from "../nodes/conditional.js";
import type { SerializationSettings } from "../settings/serialization-settings.js";
import { isTask } from "../tasks/task.js";
import { toTaskTemplate } from "../tasks/task-template.js";
import type { DynamicTask } from "../workflows/dynamic.js";
import { nodeModel } from "./serialize-workflow.js";

/**
 * The `DynamicJobSpec` a dynamic task writes as `futures.pb` (flytekit's): the graph its body built
 * on `inputs` (nodes `dn0`, `dn1`, ...), `min_successes` all of its nodes, the output bindings, and
 * the templates of the tasks the nodes run, serialized with `settings` (those the task was
 * registered with).
 */
export function dynamicJobSpec(
  task: DynamicTask,
  inputs: Readonly<Record<string, unknown>>,
  settings: SerializationSettings,
): DynamicJobSpec {
  const graph = task.buildGraph(inputs);
  const tasks = new Map<string, TaskTemplate>();
  for (const node of usedNodes(graph.nodes))
    if (isTask(node.entity) && !tasks.has(node.entity.name))
      tasks.set(node.entity.name, toTaskTemplate(node.entity, settings));
  return create(DynamicJobSpecSchema, {
    nodes: graph.nodes.map((node) => nodeModel(node, settings)),
    minSuccesses: BigInt(graph.nodes.length),
    outputs: [...graph.outputBindings],
    tasks: [...tasks.values()],
    subworkflows: [],
  });
}
