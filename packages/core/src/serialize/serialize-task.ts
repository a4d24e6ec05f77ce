import { create } from "@bufbuild/protobuf";
import { type TaskSpec, TaskSpecSchema } from "../gen/flyteidl/admin/task_pb.js";
import type { SerializationSettings } from "../settings/serialization-settings.js";
import type { Task } from "../tasks/task.js";
import { toTaskTemplate } from "../tasks/task-template.js";

/**
 * The `flyteidl.admin.TaskSpec` that registers `task`: its template and, when it has docs, its
 * description. Encode it with `toBinary(TaskSpecSchema, spec)`: the output is deterministic.
 */
export function serializeTask(wrapped: Task, settings: SerializationSettings): TaskSpec {
  const task = wrapped.self;
  const docs = task.documentation();
  return create(TaskSpecSchema, {
    template: toTaskTemplate(task, settings),
    ...(docs === undefined ? {} : { description: docs.toModel() }),
  });
}
