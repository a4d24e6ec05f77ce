import { create } from "@bufbuild/protobuf";
import { IdentifierSchema, ResourceType } from "../gen/flyteidl/core/identifier_pb.js";
import { type TaskTemplate, TaskTemplateSchema } from "../gen/flyteidl/core/tasks_pb.js";
import type { SerializationSettings } from "../settings/serialization-settings.js";
import { sortedRecord } from "../wire/sorted-record.js";
import { toSortedJson } from "../wire/struct.js";
import type { Task } from "./task.js";

/** A task's Flyte target: the pod wins over the container, then SQL (as flytekit's translator). */
function targetOf(task: Task, settings: SerializationSettings): TaskTemplate["target"] {
  const pod = task.getK8sPod(settings);
  if (pod !== undefined) return { case: "k8sPod", value: pod };
  const container = task.getContainer(settings);
  if (container !== undefined) return { case: "container", value: container };
  const sql = task.getSql(settings);
  if (sql !== undefined) return { case: "sql", value: sql };
  return { case: undefined };
}

/**
 * The `flyteidl.core.TaskTemplate` of a task, field by field as flytekit's translator builds it:
 * `custom` only when non-empty, `security_context` and `extended_resources` only when set, `config`
 * entries sorted, metadata with flytekit's field presence.
 */
export function toTaskTemplate(wrapped: Task, settings: SerializationSettings): TaskTemplate {
  // The task itself, not the callable wrapper task() returns: each read through it costs a proxy trap.
  const task = wrapped.self;
  const metadata = task.metadata.toModel();
  if ((task as Task & { enableDeck?: boolean }).enableDeck === true) metadata.generatesDeck = true;
  const custom = task.getCustom(settings);
  const securityContext = task.securityContext;
  const extendedResources = task.getExtendedResources(settings);
  return create(TaskTemplateSchema, {
    id: create(IdentifierSchema, {
      resourceType: ResourceType.TASK,
      project: settings.project,
      domain: settings.domain,
      name: task.name,
      version: settings.version,
    }),
    type: task.taskType,
    metadata,
    interface: task.interface,
    ...(custom !== undefined && Object.keys(custom).length > 0 ? { custom: toSortedJson(custom) } : {}),
    target: targetOf(task, settings),
    taskTypeVersion: task.taskTypeVersion,
    ...(securityContext === undefined ? {} : { securityContext: securityContext.toModel() }),
    ...(extendedResources === undefined ? {} : { extendedResources }),
    config: sortedRecord(task.getConfig(settings) ?? {}),
  });
}
